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
 * @param pinnedHash the semantic hash the target must have ({@code @Patch(hash = ...)}), or the
 *     empty string for any
 * @param newClasses classes of the patch jar that the engine defines beside the target, in its
 *     package and class loader, before the replacements: each before the classes that extend it
 */
public record PatchObject(String targetClass, String loaderPattern, String patchClass,
        byte[] patchClassBytes, List<PatchFunction> functions, List<ShadowMember> shadows,
        List<Callback> callbacks, String pinnedHash, List<NewClass> newClasses) {

    /** The {@link #targetClass()} of the JVM object, which has no target class. */
    public static final String JVM = "";

    /** Makes the lists unmodifiable. */
    public PatchObject {
        functions = List.copyOf(functions);
        shadows = List.copyOf(shadows);
        callbacks = List.copyOf(callbacks);
        newClasses = List.copyOf(newClasses);
    }

    /**
     * An object without a pinned hash and without new classes, as hand-written patches have.
     *
     * @param targetClass the binary name of the target class
     * @param loaderPattern the loader-name pattern, empty for any
     * @param patchClass the internal name of the {@code @Patch} class in the jar
     * @param patchClassBytes the bytes of that class
     * @param functions the replaced methods
     * @param shadows the shadow members
     * @param callbacks the callbacks
     */
    public PatchObject(String targetClass, String loaderPattern, String patchClass,
            byte[] patchClassBytes, List<PatchFunction> functions, List<ShadowMember> shadows,
            List<Callback> callbacks) {
        this(targetClass, loaderPattern, patchClass, patchClassBytes, functions, shadows,
                callbacks, "", List.of());
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
     * A class of the patch jar that is neither {@code @LivePatch} nor {@code @Patch}, used by
     * patch code: defined in the target's package and class loader.
     *
     * @param internalName its internal name, in the target's package
     * @param bytes its class file
     */
    public record NewClass(String internalName, byte[] bytes) {

        /** @return its binary name, for messages and {@code Class.forName} */
        public String binaryName() {
            return internalName.replace('/', '.');
        }
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
