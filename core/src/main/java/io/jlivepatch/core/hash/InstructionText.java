package io.jlivepatch.core.hash;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Writes a method body as text, one instruction a line: opcodes by number, constants by value
 * (whatever constant-pool entry or {@code ldc} form held them), labels by order of first use.
 * Frames, maximums, debug information and annotations are not written.
 */
final class InstructionText extends MethodVisitor {

    private final StringBuilder text = new StringBuilder();
    private final Map<Label, Integer> labels = new HashMap<>();
    private final Consumer<String> done;

    /** @param done receives the text at the end of the method */
    InstructionText(Consumer<String> done) {
        super(Opcodes.ASM9);
        this.done = done;
    }

    /**
     * @param value a constant of a class file: number, string, type, handle or dynamic constant
     * @return its text, which tells the kinds apart ({@code 1} as int, long, float, double)
     */
    static String constant(Object value) {
        if (value instanceof String s) {
            return "S\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                    + "\"";
        }
        if (value instanceof Type || value instanceof Handle || value instanceof ConstantDynamic) {
            return value.getClass().getSimpleName() + ":" + value;
        }
        return value.getClass().getSimpleName().charAt(0) + String.valueOf(value);
    }

    private String label(Label label) {
        return "L" + labels.computeIfAbsent(label, l -> labels.size());
    }

    private void line(Object... parts) {
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(parts[i]);
        }
        text.append('\n');
    }

    @Override
    public void visitInsn(int opcode) {
        line(opcode);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        line(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        line(opcode, varIndex);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        line(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        line(opcode, owner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
            boolean isInterface) {
        line(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
            Object... arguments) {
        StringBuilder args = new StringBuilder();
        for (Object argument : arguments) {
            args.append(' ').append(constant(argument));
        }
        line(Opcodes.INVOKEDYNAMIC, name, descriptor, bootstrap + args.toString());
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        line(opcode, label(label));
    }

    @Override
    public void visitLabel(Label label) {
        line(label(label) + ":");
    }

    @Override
    public void visitLdcInsn(Object value) {
        line(Opcodes.LDC, constant(value));
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
        line(Opcodes.IINC, varIndex, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... targets) {
        StringBuilder cases = new StringBuilder();
        for (Label target : targets) {
            cases.append(' ').append(label(target));
        }
        line(Opcodes.TABLESWITCH, min, max, label(dflt) + cases);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] targets) {
        StringBuilder cases = new StringBuilder();
        for (int i = 0; i < keys.length; i++) {
            cases.append(' ').append(keys[i]).append('=').append(label(targets[i]));
        }
        line(Opcodes.LOOKUPSWITCH, label(dflt) + cases);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
        line(Opcodes.MULTIANEWARRAY, descriptor, dimensions);
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        line("try", label(start), label(end), label(handler), type);
    }

    @Override
    public void visitEnd() {
        done.accept(text.toString());
    }
}
