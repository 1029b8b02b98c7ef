package io.jlivepatch.build;

/**
 * One line of the build report: a difference between the builds and what the patch does about
 * it, in kpatch-build's words ({@code changed method: C.m(desc)}).
 *
 * @param kind what the patch does about it
 * @param subject the class, member or file concerned, classes in dotted form
 * @param detail why, and what to do, or the empty string
 */
public record Difference(Kind kind, String subject, String detail) {

    /** What the patch does about a difference. */
    public enum Kind {
        /** A changed method: replaced ({@code @Replace}). */
        CHANGED_METHOD("changed method"),
        /** A new method or lambda body: carried as a helper. */
        NEW_METHOD("new method"),
        /** A class only the new build has: defined beside its target under a fresh name. */
        NEW_CLASS("new class"),
        /** Build noise or a change a patch does not need to carry. */
        IGNORED("ignored"),
        /** Carried, but something the user must know. */
        NOTICE("notice"),
        /** Carried, but existing objects or caches may still hold what the old code made. */
        WARNING("warning"),
        /** Cannot be carried by a live patch: no patch is written. */
        REFUSED("refused");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** @return how the report names it, for example {@code changed method} */
        public String label() {
            return label;
        }
    }

    /** @return the report line, for example {@code changed method: com.acme.C.m()V} */
    public String line() {
        return kind.label() + ": " + subject + (detail.isEmpty() ? "" : ": " + detail);
    }
}
