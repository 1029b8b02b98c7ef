package io.jlivepatch.core.model;

/**
 * A patch could not be read, validated, applied or changed. Its message names the patch, class,
 * method or file concerned and what the user can do. The engine has changed nothing when it
 * throws one.
 */
public class PatchException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers (the CLI's exit codes) that act on the kind. */
    public enum Kind {
        /** The patch jar is unreadable or malformed. */
        INVALID_PATCH,
        /** The patch does not fit the running JVM: a target or member is missing or unpatchable. */
        INCOMPATIBLE,
        /** Another transition is in progress. */
        BUSY,
        /** The operation does not apply to the patch in its current state. */
        INVALID_STATE,
        /** No patch of that name is loaded. */
        NOT_FOUND,
        /** Applying the patch failed in the JVM; everything was rolled back. */
        FAILED
    }

    private final Kind kind;

    /**
     * @param kind what went wrong
     * @param message what went wrong and what to do, naming what is concerned
     */
    public PatchException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /**
     * @param kind what went wrong
     * @param message what went wrong and what to do, naming what is concerned
     * @param cause the underlying failure
     */
    public PatchException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** @return what went wrong */
    public Kind kind() {
        return kind;
    }
}
