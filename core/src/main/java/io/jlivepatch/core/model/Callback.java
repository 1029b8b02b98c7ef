package io.jlivepatch.core.model;

/**
 * A callback of a patch object: a static method of the {@code @Patch} class.
 *
 * @param kind when it runs
 * @param name the method name
 * @param descriptor {@code ()V}, {@code ()I}, {@code (Lio/jlivepatch/api/PatchContext;)V} or
 *     {@code (Lio/jlivepatch/api/PatchContext;)I}; {@code I} only for pre-patch
 */
public record Callback(Kind kind, String name, String descriptor) {

    /** The four callbacks, in the kernel's terms. */
    public enum Kind {
        /** {@code @PrePatch}: may refuse the patch. */
        PRE_PATCH("pre-patch"),
        /** {@code @PostPatch}. */
        POST_PATCH("post-patch"),
        /** {@code @PreUnpatch}. */
        PRE_UNPATCH("pre-unpatch"),
        /** {@code @PostUnpatch}. */
        POST_UNPATCH("post-unpatch");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** @return the kernel's name, for example {@code pre-patch} */
        public String word() {
            return word;
        }
    }

    /** @return whether the callback takes a {@code PatchContext} */
    public boolean takesContext() {
        return descriptor.startsWith("(L");
    }

    /** @return whether it returns an {@code int} status */
    public boolean returnsStatus() {
        return descriptor.endsWith(")I");
    }
}
