package io.jlivepatch.core.bytecode;

import org.objectweb.asm.Opcodes;

/**
 * Finds, in a constructor's instructions seen in order, its {@code super(...)} or
 * {@code this(...)} call: the first {@code invokespecial <init>} that does not initialise an
 * object made by a {@code new} before it (javac pairs each {@code new} with its
 * {@code <init>}, nested ones included).
 */
public final class SuperCall {

    private int pendingNew;
    private boolean passed;

    /**
     * Feeds a type instruction.
     *
     * @param opcode its opcode
     */
    public void typeInsn(int opcode) {
        if (!passed && opcode == Opcodes.NEW) {
            pendingNew++;
        }
    }

    /**
     * Feeds a method instruction.
     *
     * @param opcode its opcode
     * @param name the called method's name
     * @return whether this instruction is the super or this call
     */
    public boolean isCall(int opcode, String name) {
        if (passed || opcode != Opcodes.INVOKESPECIAL || !name.equals("<init>")) {
            return false;
        }
        if (pendingNew > 0) {
            pendingNew--;
            return false;
        }
        passed = true;
        return true;
    }

    /** @return whether the super or this call has been seen */
    public boolean passed() {
        return passed;
    }
}
