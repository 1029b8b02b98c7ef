package io.jlivepatch.core.model;

/**
 * One replaced method of a patch object (the kernel's {@code klp_func}), read from a
 * {@code @Replace} method.
 *
 * @param name the method name
 * @param descriptor the method descriptor, for example {@code (Ljava/util/List;)I}
 * @param isStatic whether the method is static
 * @param nop whether this is a no-op function added by atomic replace: threads that switch run
 *     the original body
 */
public record PatchFunction(String name, String descriptor, boolean isStatic, boolean nop) {

    /** @return {@code name + descriptor}, which identifies the method within its class */
    public String key() {
        return name + descriptor;
    }
}
