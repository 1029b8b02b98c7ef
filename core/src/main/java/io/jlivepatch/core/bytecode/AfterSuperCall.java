package io.jlivepatch.core.bytecode;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Keeps of a constructor replacement only what follows its {@code super(...)} or
 * {@code this(...)} call: the target's own call has run when the replacement starts. Labels
 * stay (debug information may refer to them); instructions and frames before the call go.
 */
final class AfterSuperCall extends MethodVisitor {
    private final SuperCall superCall = new SuperCall();

    AfterSuperCall(MethodVisitor next) {
        super(Opcodes.ASM9, next);
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack,
            Object[] stack) {
        if (superCall.passed()) {
            super.visitFrame(type, numLocal, local, numStack, stack);
        }
    }

    @Override
    public void visitInsn(int opcode) {
        if (superCall.passed()) {
            super.visitInsn(opcode);
        }
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        if (superCall.passed()) {
            super.visitIntInsn(opcode, operand);
        }
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        if (superCall.passed()) {
            super.visitVarInsn(opcode, varIndex);
        }
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        if (superCall.passed()) {
            super.visitTypeInsn(opcode, type);
        } else {
            superCall.typeInsn(opcode);
        }
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        if (superCall.passed()) {
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
            boolean isInterface) {
        if (superCall.passed()) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        } else {
            superCall.isCall(opcode, name);
        }
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
            Object... arguments) {
        if (superCall.passed()) {
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
        }
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        if (superCall.passed()) {
            super.visitJumpInsn(opcode, label);
        }
    }

    @Override
    public void visitLdcInsn(Object value) {
        if (superCall.passed()) {
            super.visitLdcInsn(value);
        }
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
        if (superCall.passed()) {
            super.visitIincInsn(varIndex, increment);
        }
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt,
            Label... labels) {
        if (superCall.passed()) {
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys,
            Label[] labels) {
        if (superCall.passed()) {
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        if (superCall.passed()) {
            super.visitMultiANewArrayInsn(descriptor, numDimensions);
        }
    }
}
