package io.jlivepatch.client;

/**
 * The agent refused an operation; the JVM is unchanged. The kind is the engine's reason, the
 * message names what is concerned and what to do.
 */
public final class Refusal extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the agent refused (the engine's {@code PatchException} kinds, by name). */
    public enum Kind {
        /** The patch jar is not a valid patch. */
        INVALID_PATCH,
        /** The patch does not fit the running code. */
        INCOMPATIBLE,
        /** Another operation or transition is in progress. */
        BUSY,
        /** The operation does not apply in the engine's state. */
        INVALID_STATE,
        /** No such patch. */
        NOT_FOUND,
        /** Applying the patch failed in the JVM; everything was rolled back. */
        FAILED;

        /**
         * @param name a kind's name as the agent sent it
         * @return that kind, or {@link #FAILED} for a name this client does not know
         */
        public static Kind named(String name) {
            for (Kind kind : values()) {
                if (kind.name().equals(name)) {
                    return kind;
                }
            }
            return FAILED;
        }
    }

    private final Kind kind;

    /**
     * @param kind why
     * @param message what was refused and what to do
     */
    public Refusal(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** @return why the agent refused */
    public Kind kind() {
        return kind;
    }
}
