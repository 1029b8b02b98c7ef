package io.jlivepatch.build;

import io.jlivepatch.core.bytecode.SuperCall;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Whether a changed constructor can be carried as a constructor replacement: the engine
 * replaces what follows the {@code super(...)}/{@code this(...)} call, so that call (and what
 * computes its arguments) must be the same in both builds. Final fields the new constructor
 * assigns are assigned by the replacement (the engine opens them for it).
 */
final class ConstructorChange {

    private ConstructorChange() {
    }

    /**
     * @param oldBytes the class in the running build
     * @param newBytes the class in the new build
     * @param oldKey the constructor's key in the old build
     * @param newKey its key in the new build
     * @return why the change cannot be carried, or {@code null} if it can
     */
    static String refusal(byte[] oldBytes, byte[] newBytes, String oldKey, String newKey) {
        if (!untilSuperCall(oldBytes, oldKey).equals(untilSuperCall(newBytes, newKey))) {
            return "changed constructor whose super(...) or this(...) call changed: a live"
                    + " patch replaces only what follows that call; keep the call as it was";
        }
        return null;
    }

    /** The instructions of a constructor up to and including its super or this call. */
    private static List<String> untilSuperCall(byte[] classBytes, String key) {
        List<String> instructions = new ArrayList<>();
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                return !key.equals(name + descriptor) ? null : new Prefix(instructions);
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return instructions;
    }

    /** Records instructions until the call that initialises {@code this}. */
    private static final class Prefix extends MethodVisitor {
        private final List<String> out;
        private final SuperCall superCall = new SuperCall();

        Prefix(List<String> out) {
            super(Opcodes.ASM9);
            this.out = out;
        }

        private void add(Object... parts) {
            if (!superCall.passed()) {
                out.add(java.util.Arrays.toString(parts));
            }
        }

        @Override
        public void visitInsn(int opcode) {
            add(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            add(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            add(opcode, varIndex);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            add(opcode, type);
            superCall.typeInsn(opcode);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            add(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                boolean isInterface) {
            add(opcode, owner, name, descriptor);
            superCall.isCall(opcode, name);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
                Object... arguments) {
            add(Opcodes.INVOKEDYNAMIC, name, descriptor, bootstrap,
                    java.util.Arrays.toString(arguments));
        }

        @Override
        public void visitLdcInsn(Object value) {
            add(Opcodes.LDC, value);
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
            add(Opcodes.IINC, varIndex, increment);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            add(Opcodes.MULTIANEWARRAY, descriptor, numDimensions);
        }
    }
}
