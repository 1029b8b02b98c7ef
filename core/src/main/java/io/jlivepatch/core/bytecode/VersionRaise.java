package io.jlivepatch.core.bytecode;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Class files before Java 7 (version 50 and older: netty 4.1, logback 1.2, gson 2.8 ship them)
 * cannot hold an {@code invokedynamic}, which the prologue and the code a patch generates need.
 * Such a class is woven, and generated code taken from it is written, as version 51 (Java 7).
 * Retransformation may change the version: the JVM takes the new class file's, and the class's
 * original bytes, restored when nothing patches it any more, bring the old one back.
 *
 * <p>A class file of version 51 is checked by the type-checking verifier only (an older one
 * falls back to the inference verifier when its stack maps do not fit), so its code must carry
 * the stack-map frames a branch needs, and no subroutines ({@code jsr}/{@code ret}). javac
 * writes frames from Java 6 on ({@code -target 1.6}); {@link #refusal} names the first method
 * that lacks them.
 */
public final class VersionRaise {

    private VersionRaise() {
    }

    /**
     * @param version a class-file version as ASM gives it (minor version in the upper 16 bits)
     * @return the version to write: at least Java 7's
     */
    public static int woven(int version) {
        return (version & 0xFFFF) < Opcodes.V1_7 ? Opcodes.V1_7 : version;
    }

    /**
     * @param classBytes a class file
     * @return why it cannot be raised to version 51, naming the method; {@code null} if it can
     *     (or needs no raise)
     */
    public static String refusal(byte[] classBytes) {
        ClassReader reader = new ClassReader(classBytes);
        int version = reader.readUnsignedShort(6);
        if (version >= Opcodes.V1_7) {
            return null;
        }
        String[] refusal = new String[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                if (refusal[0] != null) {
                    return null;
                }
                String method = reader.getClassName().replace('/', '.') + "." + name
                        + descriptor;
                return new FrameCheck(version, method, refusal);
            }
        }, ClassReader.SKIP_DEBUG);
        return refusal[0];
    }

    /** Notes a method that branches without frames, or calls a subroutine. */
    private static final class FrameCheck extends MethodVisitor {
        private final int version;
        private final String method;
        private final String[] refusal;
        private boolean branches;
        private boolean frames;
        private boolean subroutine;

        FrameCheck(int version, String method, String[] refusal) {
            super(Opcodes.ASM9);
            this.version = version;
            this.method = method;
            this.refusal = refusal;
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack,
                Object[] stack) {
            frames = true;
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            branches = true;
            subroutine |= opcode == Opcodes.JSR;
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            subroutine |= opcode == Opcodes.RET;
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            branches = true;
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            branches = true;
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            branches = true;
        }

        @Override
        public void visitEnd() {
            String why = subroutine ? "calls a subroutine (jsr/ret)"
                    : branches && !frames ? "has no stack-map frames" : null;
            if (why != null) {
                refusal[0] = method + " " + why + " (class-file version " + version + ", Java "
                        + (version - 44) + "): code woven into it or generated from it is a class"
                        + " file of version 51 (Java 7), whose verifier requires frames and no subroutines; rebuild the class with"
                        + " -target 1.6 or later";
            }
        }
    }
}
