package io.jlivepatch.client;

import java.io.IOException;

/** The agent cannot be reached, or answered out of protocol. */
public final class ConnectionLost extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened
     * @param cause the failure underneath, or null
     */
    public ConnectionLost(String message, Throwable cause) {
        super(message, cause);
    }
}
