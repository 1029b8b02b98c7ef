package io.jlivepatch.core.redirect;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodHandles.Lookup;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Full-privilege lookups on target classes, which defining a hidden nestmate requires.
 *
 * <p>For a class in the engine's own module, {@code privateLookupIn} is enough. For a class of
 * another module (another class loader's unnamed module, or a named module), a lookup from
 * outside lacks module access, so a one-method accessor class is defined in the target's package
 * and asked for its own lookup, from which a full-privilege lookup on the target follows. A named
 * target module is first made to read the dispatch classes and open the package to the engine.
 */
public final class TargetLookup {

    private static final String ACCESSOR = "JlpLookupAccess";

    private final Instrumentation instrumentation;

    /** @param instrumentation used to adjust named modules */
    public TargetLookup(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /**
     * @param target the target class
     * @return a lookup on {@code target} with full privilege access
     * @throws ReflectiveOperationException if the JVM denies access
     */
    public Lookup fullPrivilege(Class<?> target) throws ReflectiveOperationException {
        Module module = target.getModule();
        Module engine = TargetLookup.class.getModule();
        if (module.isNamed()) {
            instrumentation.redefineModule(module,
                    Set.of(io.jlivepatch.dispatch.Dispatch.class.getModule()), Map.of(),
                    Map.of(target.getPackageName(), Set.of(engine)), Set.of(), Map.of());
        }
        Lookup lookup = MethodHandles.privateLookupIn(target, MethodHandles.lookup());
        if (lookup.hasFullPrivilegeAccess()) {
            return lookup;
        }
        Lookup accessor = accessorLookup(target, lookup);
        return MethodHandles.privateLookupIn(target, accessor);
    }

    private static Lookup accessorLookup(Class<?> target, Lookup packageAccess)
            throws ReflectiveOperationException {
        String packageName = target.getPackageName();
        String binaryName = packageName.isEmpty() ? ACCESSOR : packageName + "." + ACCESSOR;
        Class<?> accessor;
        try {
            accessor = Class.forName(binaryName, false, target.getClassLoader());
        } catch (ClassNotFoundException absent) {
            try {
                accessor = packageAccess.defineClass(accessorBytes(binaryName.replace('.', '/')));
            } catch (LinkageError raced) {
                accessor = Class.forName(binaryName, false, target.getClassLoader());
            }
        }
        return (Lookup) accessor.getMethod("lookup").invoke(null);
    }

    /** {@code public final class ACCESSOR { public static Lookup lookup() } }, nothing more. */
    private static byte[] accessorBytes(String internalName) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER
                | Opcodes.ACC_SYNTHETIC, internalName, null, "java/lang/Object", null);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC,
                "lookup", "()Ljava/lang/invoke/MethodHandles$Lookup;", null, null);
        method.visitCode();
        method.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
                "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
        method.visitInsn(Opcodes.ARETURN);
        method.visitMaxs(1, 0);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
