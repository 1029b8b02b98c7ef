package io.jlivepatch.core.model;

import java.util.List;

/**
 * One patch object (the kernel's {@code klp_object}): a target class, the functions replaced in
 * it, and the patch class they were read from.
 *
 * @param targetClass the binary name of the target class, for example {@code com.acme.Billing}
 * @param loaderPattern a regular expression the target's loader name must match; empty for any
 * @param patchClass the internal name of the {@code @Patch} class in the jar
 * @param patchClassBytes the bytes of that class, from which replacement bodies are translated
 * @param functions the replaced methods
 * @param shadows the members the patch class declares as stand-ins for the target's own
 */
public record PatchObject(String targetClass, String loaderPattern, String patchClass,
        byte[] patchClassBytes, List<PatchFunction> functions, List<ShadowMember> shadows) {

    /** Makes the lists unmodifiable. */
    public PatchObject {
        functions = List.copyOf(functions);
        shadows = List.copyOf(shadows);
    }

    /**
     * A member of a patch class annotated {@code @Shadow}.
     *
     * @param name the member name
     * @param descriptor the field or method descriptor
     * @param isStatic whether it is static
     * @param isField whether it is a field
     */
    public record ShadowMember(String name, String descriptor, boolean isStatic, boolean isField) {
    }
}
