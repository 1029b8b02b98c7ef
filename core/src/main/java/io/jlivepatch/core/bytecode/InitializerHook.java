package io.jlivepatch.core.bytecode;

import io.jlivepatch.dispatch.Dispatch;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Makes a class that patches are waiting for report its initialisation: the static initialiser
 * (added if the class has none) first calls {@code Dispatch.initializing(TheClass.class)}, so that
 * the engine patches the class before any of its code runs (the kernel's module coming, which
 * runs before the module's init).
 *
 * <p>Only added when a class is defined, where the class file may change freely. The engine's
 * first retransformation of the class starts again from the bytes as they were defined, so the
 * call is gone once the class is patched: the class then carries only prologues, and its original
 * bytes when nothing patches it any more.
 */
public final class InitializerHook {

    private static final String DISPATCH = Type.getInternalName(Dispatch.class);
    private static final String CLINIT = "<clinit>";

    private InitializerHook() {
    }

    /**
     * @param classBytes a class being defined
     * @return the class with the call added, or {@code null} if its class-file version has no
     *     class literals ({@code ldc} of a class, before Java 5)
     */
    public static byte[] add(byte[] classBytes) {
        ClassReader reader = new ClassReader(classBytes);
        if ((reader.readUnsignedShort(6)) < Opcodes.V1_5) {
            return null;
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new Adder(writer), 0);
        return writer.toByteArray();
    }

    /**
     * @param classBytes a class file
     * @return whether it declares a static initialiser
     */
    public static boolean hasInitializer(byte[] classBytes) {
        boolean[] found = new boolean[1];
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                found[0] |= name.equals(CLINIT);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found[0];
    }

    /**
     * @param classBytes a class, retransformed, that had no static initialiser when it was
     *     defined and was given one by {@link #add}
     * @return the class with an empty static initialiser again
     */
    public static byte[] keepEmpty(byte[] classBytes) {
        ClassReader reader = new ClassReader(classBytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visitEnd() {
                MethodVisitor method = super.visitMethod(Opcodes.ACC_STATIC, CLINIT, "()V", null,
                        null);
                method.visitCode();
                method.visitInsn(Opcodes.RETURN);
                method.visitMaxs(0, 0);
                method.visitEnd();
                super.visitEnd();
            }
        }, 0);
        return writer.toByteArray();
    }

    private static void emitCall(MethodVisitor method, String owner) {
        method.visitLdcInsn(Type.getObjectType(owner));
        method.visitMethodInsn(Opcodes.INVOKESTATIC, DISPATCH, "initializing",
                "(Ljava/lang/Class;)V", false);
    }

    private static final class Adder extends ClassVisitor {
        private String owner;
        private boolean sawInitializer;

        Adder(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visit(int version, int access, String name, String signature,
                String superName, String[] interfaces) {
            owner = name;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor,
                String signature, String[] exceptions) {
            MethodVisitor method = super.visitMethod(access, name, descriptor, signature,
                    exceptions);
            if (!name.equals(CLINIT)) {
                return method;
            }
            sawInitializer = true;
            return new MethodVisitor(Opcodes.ASM9, method) {
                @Override
                public void visitCode() {
                    super.visitCode();
                    emitCall(mv, owner);
                }

                @Override
                public void visitMaxs(int maxStack, int maxLocals) {
                    super.visitMaxs(Math.max(maxStack, 1), maxLocals);
                }
            };
        }

        @Override
        public void visitEnd() {
            if (!sawInitializer) {
                MethodVisitor method = super.visitMethod(Opcodes.ACC_STATIC, CLINIT, "()V", null,
                        null);
                method.visitCode();
                emitCall(method, owner);
                method.visitInsn(Opcodes.RETURN);
                method.visitMaxs(1, 0);
                method.visitEnd();
            }
            super.visitEnd();
        }
    }
}
