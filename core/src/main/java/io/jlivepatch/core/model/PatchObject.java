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
 * @param callbacks the object's callbacks, at most one of each kind
 */
public record PatchObject(String targetClass, String loaderPattern, String patchClass,
        byte[] patchClassBytes, List<PatchFunction> functions, List<ShadowMember> shadows,
        List<Callback> callbacks) {

    /** The {@link #targetClass()} of the JVM object, which has no target class. */
    public static final String JVM = "";

    /** Makes the lists unmodifiable. */
    public PatchObject {
        functions = List.copyOf(functions);
        shadows = List.copyOf(shadows);
        callbacks = List.copyOf(callbacks);
    }

    /** @return whether this is the JVM object (the kernel's vmlinux): no target class */
    public boolean isJvm() {
        return targetClass.equals(JVM);
    }

    /** @return the name callbacks and events use: the target class, or {@code jvm} */
    public String displayName() {
        return isJvm() ? "jvm" : targetClass;
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
