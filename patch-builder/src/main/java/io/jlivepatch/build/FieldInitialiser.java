package io.jlivepatch.build;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The initialiser of an instance field as javac compiles it: the first assignment of the field
 * after the {@code super(...)} call of every constructor that does not delegate to another with
 * {@code this(...)}. When every such constructor assigns the same constant there, that constant
 * is the value the initialiser gives an object without depending on anything else.
 */
final class FieldInitialiser {

    private static final Object NONE = new Object();
    private static final Object DEPENDS = new Object();

    private FieldInitialiser() {
    }

    /**
     * @param classBytes the class declaring the field
     * @param name the field's name
     * @param descriptor the field's descriptor
     * @return the constant every constructor first assigns ({@code Integer}, {@code Long},
     *     {@code Float}, {@code Double} or {@code String}), or {@code null} when there is none
     *     (no initialiser, {@code null}, or one that depends on something else)
     */
    static Object constant(byte[] classBytes, String name, String descriptor) {
        ClassNode node = new ClassNode();
        new ClassReader(classBytes).accept(node, ClassReader.SKIP_DEBUG);
        Set<Object> found = new HashSet<>();
        for (MethodNode method : node.methods) {
            if (method.name.equals("<init>") && !delegates(method, node.name)) {
                found.add(firstAssigned(method, node.name, name, descriptor));
            }
        }
        if (found.size() != 1) {
            return null;
        }
        Object constant = found.iterator().next();
        return constant == NONE || constant == DEPENDS ? null : constant;
    }

    private static boolean delegates(MethodNode constructor, String owner) {
        for (AbstractInsnNode insn : constructor.instructions) {
            if (insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESPECIAL
                    && call.name.equals("<init>")) {
                return call.owner.equals(owner) && thisIsInitialised(call);
            }
        }
        return false;
    }

    /** javac's delegating call is the first {@code <init>} call; a {@code new} of the class
     * itself before it is an argument, which would have its own {@code new} instruction. */
    private static boolean thisIsInitialised(MethodInsnNode call) {
        for (AbstractInsnNode insn = call.getPrevious(); insn != null; insn = insn.getPrevious()) {
            if (insn.getOpcode() == Opcodes.NEW) {
                return false;
            }
        }
        return true;
    }

    private static Object firstAssigned(MethodNode constructor, String owner, String name,
            String descriptor) {
        for (AbstractInsnNode insn : constructor.instructions) {
            if (insn instanceof FieldInsnNode field && field.getOpcode() == Opcodes.PUTFIELD
                    && field.owner.equals(owner) && field.name.equals(name)
                    && field.desc.equals(descriptor)) {
                AbstractInsnNode value = real(field.getPrevious());
                AbstractInsnNode object = value == null ? null : real(value.getPrevious());
                boolean onThis = object instanceof VarInsnNode load
                        && load.getOpcode() == Opcodes.ALOAD && load.var == 0;
                Object constant = onThis ? constantOf(value) : null;
                return constant == null ? DEPENDS : constant;
            }
        }
        return NONE;
    }

    private static AbstractInsnNode real(AbstractInsnNode insn) {
        AbstractInsnNode at = insn;
        while (at != null && at.getOpcode() < 0) {
            at = at.getPrevious();
        }
        return at;
    }

    private static Object constantOf(AbstractInsnNode insn) {
        int opcode = insn.getOpcode();
        if (insn instanceof LdcInsnNode ldc && (ldc.cst instanceof Number
                || ldc.cst instanceof String)) {
            return ldc.cst;
        } else if (insn instanceof IntInsnNode push && opcode != Opcodes.NEWARRAY) {
            return push.operand;
        } else if (insn instanceof InsnNode && opcode >= Opcodes.ICONST_M1
                && opcode <= Opcodes.ICONST_5) {
            return opcode - Opcodes.ICONST_0;
        } else if (opcode == Opcodes.LCONST_0 || opcode == Opcodes.LCONST_1) {
            return (long) (opcode - Opcodes.LCONST_0);
        } else if (opcode >= Opcodes.FCONST_0 && opcode <= Opcodes.FCONST_2) {
            return (float) (opcode - Opcodes.FCONST_0);
        } else if (opcode == Opcodes.DCONST_0 || opcode == Opcodes.DCONST_1) {
            return (double) (opcode - Opcodes.DCONST_0);
        }
        return null;
    }
}
