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
    private int pendingNew;
    private boolean started;

    AfterSuperCall(MethodVisitor next) {
        super(Opcodes.ASM9, next);
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack,
            Object[] stack) {
        if (started) {
            super.visitFrame(type, numLocal, local, numStack, stack);
        }
    }

    @Override
    public void visitInsn(int opcode) {
        if (started) {
            super.visitInsn(opcode);
        }
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        if (started) {
            super.visitIntInsn(opcode, operand);
        }
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        if (started) {
            super.visitVarInsn(opcode, varIndex);
        }
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        if (started) {
            super.visitTypeInsn(opcode, type);
        } else if (opcode == Opcodes.NEW) {
            pendingNew++;
        }
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        if (started) {
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
            boolean isInterface) {
        if (started) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        } else if (opcode == Opcodes.INVOKESPECIAL && name.equals("<init>")) {
            if (pendingNew > 0) {
                pendingNew--;
            } else {
                started = true;
            }
        }
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
            Object... arguments) {
        if (started) {
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
        }
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        if (started) {
            super.visitJumpInsn(opcode, label);
        }
    }

    @Override
    public void visitLdcInsn(Object value) {
        if (started) {
            super.visitLdcInsn(value);
        }
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
        if (started) {
            super.visitIincInsn(varIndex, increment);
        }
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt,
            Label... labels) {
        if (started) {
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys,
            Label[] labels) {
        if (started) {
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        if (started) {
            super.visitMultiANewArrayInsn(descriptor, numDimensions);
        }
    }
}
