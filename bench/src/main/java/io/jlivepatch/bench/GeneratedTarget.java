package io.jlivepatch.bench;

import java.lang.invoke.MethodHandles;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A target class of N small functions, generated at bench time, with its fix in two forms: the
 * patch class replacing every function, and the fixed class itself (for plain
 * {@code Instrumentation.redefineClasses}, the anchor without a consistency model).
 *
 * <p>The class {@code io.jlivepatch.bench.GeneratedN} has {@code static int f<i>(int x)} returning
 * {@code x * 31 + i} (the fix: {@code x * 37 + i}) and {@code static int callAll(int x)}, which
 * calls every function once; busy threads run {@code callAll}, which no patch changes.
 */
public final class GeneratedTarget {

    private static final int ORIGINAL = 31;
    private static final int FIXED = 37;

    private final int functions;
    private final String internalName;

    /** @param functions the number of functions, at most a few thousand */
    public GeneratedTarget(int functions) {
        this.functions = functions;
        this.internalName = "io/jlivepatch/bench/Generated" + functions;
    }

    /** @return the target's binary name */
    public String className() {
        return internalName.replace('/', '.');
    }

    /** @return the target class as compiled, with the bug */
    public byte[] original() {
        return target(ORIGINAL);
    }

    /** @return the target class with the fix compiled in */
    public byte[] fixed() {
        return target(FIXED);
    }

    /** Defines the original class in this module's package and class loader. */
    public Class<?> define() throws IllegalAccessException {
        return MethodHandles.lookup().defineClass(original());
    }

    /** @return the patch's internal name, for {@link PatchJar#add(String, byte[])} */
    public String patchInternalName() {
        return "io/jlivepatch/bench/generated/Generated" + functions + "Patch";
    }

    /** @return the {@code @Patch} class replacing every function with the fixed one */
    public byte[] patch() {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, patchInternalName(), null,
                "java/lang/Object", null);
        AnnotationVisitor av = cw.visitAnnotation("Lio/jlivepatch/api/Patch;", true);
        av.visit("value", className());
        av.visitEnd();
        for (int i = 0; i < functions; i++) {
            MethodVisitor mv = function(cw, i);
            mv.visitAnnotation("Lio/jlivepatch/api/Replace;", true).visitEnd();
            finish(mv, i, FIXED);
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    private byte[] target(int multiplier) {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
                internalName, null, "java/lang/Object", null);
        for (int i = 0; i < functions; i++) {
            finish(function(cw, i), i, multiplier);
        }
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "callAll",
                "(I)I", null, null);
        mv.visitCode();
        for (int i = 0; i < functions; i++) {
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, internalName, "f" + i, "(I)I", false);
            mv.visitVarInsn(Opcodes.ISTORE, 0);
        }
        mv.visitVarInsn(Opcodes.ILOAD, 0);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(1, 1);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static MethodVisitor function(ClassWriter cw, int index) {
        return cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "f" + index, "(I)I", null,
                null);
    }

    private static void finish(MethodVisitor mv, int index, int multiplier) {
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ILOAD, 0);
        mv.visitIntInsn(Opcodes.BIPUSH, multiplier);
        mv.visitInsn(Opcodes.IMUL);
        mv.visitIntInsn(Opcodes.SIPUSH, index);
        mv.visitInsn(Opcodes.IADD);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(2, 1);
        mv.visitEnd();
    }
}
