package io.jlivepatch.client;

import java.io.IOException;

/**
 * A control socket is served by another process or user than the JVM {@code jlp} attached to:
 * nothing was sent over it.
 */
public final class WrongPeerException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message who serves the socket and which JVM was named */
    WrongPeerException(String message) {
        super(message);
    }
}
