package io.jlivepatch.build;

import io.jlivepatch.core.model.PatchException;

/**
 * {@code jlp build} or {@code jlp verify} cannot go on: an input is unreadable, there is nothing
 * to patch, or a change cannot be carried by a live patch. The message says which and what to do.
 */
public final class BuildException extends PatchException {

    private static final long serialVersionUID = 1L;

    /** Why the build stopped. */
    public enum Reason {
        /** A build, a {@code --with} jar or an option is unusable. */
        BAD_INPUT,
        /** The two builds do not differ in anything a patch would carry. */
        NO_CHANGES,
        /** Some change cannot be carried; the report lists each with its reason. */
        REFUSED
    }

    private final Reason reason;

    /**
     * @param reason why the build stopped
     * @param message what is wrong, naming the file, class or member, and what to do
     */
    public BuildException(Reason reason, String message) {
        super(reason == Reason.REFUSED ? Kind.INVALID_PATCH : Kind.FAILED, message);
        this.reason = reason;
    }

    /** @return why the build stopped */
    public Reason reason() {
        return reason;
    }
}
