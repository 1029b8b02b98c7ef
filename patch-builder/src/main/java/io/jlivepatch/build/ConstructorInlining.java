package io.jlivepatch.build;

import io.jlivepatch.core.bytecode.FrameLocals;
import io.jlivepatch.core.bytecode.SuperCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * A constructor replaced whole whose {@code this(...)} call goes to a constructor only the new
 * build has (javac's telescoping constructors: a new parameter, the old constructors passing its
 * default): the new constructor's code is placed where that call was, its parameters in fresh
 * local variables, its {@code return}s jumping to what followed the call. The running class
 * then needs no new constructor. Repeated while the call goes to another new constructor.
 *
 * <p>Works on expanded frames; the inlined code's variables are shifted above the caller's, and
 * its frames keep the caller's parameters, which it leaves alone.
 */
final class ConstructorInlining {

    private static final int MAX_DEPTH = 16;

    private ConstructorInlining() {
    }

    /**
     * @param owner the patch class, frames expanded, named as its target
     * @param constructor one of its constructors, replaced whole; changed in place
     * @param running the method keys of the running class
     * @return the keys of the new constructors inlined
     */
    static List<String> inline(ClassNode owner, MethodNode constructor, Set<String> running) {
        List<String> inlined = new ArrayList<>();
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            MethodInsnNode call = thisCall(constructor);
            if (call == null || !call.owner.equals(owner.name)
                    || running.contains(call.name + call.desc)) {
                return inlined;
            }
            MethodNode callee = find(owner, call.name + call.desc);
            if (callee == null || callee == constructor || storesBeforeCall(constructor)) {
                return inlined;
            }
            splice(owner.name, constructor, call, callee);
            inlined.add(call.name + call.desc);
        }
        return inlined;
    }

    /** The {@code super(...)} or {@code this(...)} call of a constructor. */
    private static MethodInsnNode thisCall(MethodNode constructor) {
        SuperCall superCall = new SuperCall();
        for (AbstractInsnNode insn : constructor.instructions) {
            if (insn instanceof TypeInsnNode type) {
                superCall.typeInsn(type.getOpcode());
            } else if (insn instanceof MethodInsnNode call
                    && superCall.isCall(call.getOpcode(), call.name)) {
                return call;
            }
        }
        return null;
    }

    /** Whether the code before the call stores variables: its frame after the call is unknown. */
    private static boolean storesBeforeCall(MethodNode constructor) {
        MethodInsnNode call = thisCall(constructor);
        for (AbstractInsnNode insn = constructor.instructions.getFirst(); insn != call;
                insn = insn.getNext()) {
            int opcode = insn.getOpcode();
            if (opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE
                    || opcode == Opcodes.IINC) {
                return true;
            }
        }
        return false;
    }

    private static MethodNode find(ClassNode owner, String key) {
        for (MethodNode method : owner.methods) {
            if (key.equals(method.name + method.desc)) {
                return method;
            }
        }
        return null;
    }

    private static void splice(String owner, MethodNode caller, MethodInsnNode call,
            MethodNode callee) {
        int base = caller.maxLocals;
        Map<LabelNode, LabelNode> labels = new HashMap<>();
        for (AbstractInsnNode insn : callee.instructions) {
            if (insn instanceof LabelNode label) {
                labels.put(label, new LabelNode());
            }
        }
        InsnList spliced = new InsnList();
        Type[] parameters = Type.getArgumentTypes(call.desc);
        int[] slots = new int[parameters.length];
        int slot = base;
        for (int i = 0; i < parameters.length; i++) {
            slots[i] = slot;
            slot += parameters[i].getSize();
        }
        for (int i = parameters.length - 1; i >= 0; i--) {
            spliced.add(new VarInsnNode(parameters[i].getOpcode(Opcodes.ISTORE), slots[i]));
        }
        spliced.add(new InsnNode(Opcodes.POP));
        LabelNode after = new LabelNode();
        List<Object> below = callerLocals(caller.desc, base);
        for (AbstractInsnNode insn : callee.instructions) {
            spliced.add(copy(insn, labels, base, below, after));
        }
        for (TryCatchBlockNode block : callee.tryCatchBlocks) {
            caller.tryCatchBlocks.add(new TryCatchBlockNode(labels.get(block.start),
                    labels.get(block.end), labels.get(block.handler), block.type));
        }
        spliced.add(after);
        if (!(nextReal(call) instanceof FrameNode)) {
            Object[] locals = FrameLocals.of(owner, caller.desc);
            spliced.add(new FrameNode(Opcodes.F_NEW, locals.length, locals, 0, new Object[0]));
        }
        caller.instructions.insert(call, spliced);
        caller.instructions.remove(call);
        caller.maxLocals = base + callee.maxLocals - 1;
        caller.maxStack = Math.max(caller.maxStack, callee.maxStack);
    }

    /** The first node after {@code insn} that is not a label or line number. */
    private static AbstractInsnNode nextReal(AbstractInsnNode insn) {
        AbstractInsnNode next = insn.getNext();
        while (next instanceof LabelNode || next instanceof LineNumberNode) {
            next = next.getNext();
        }
        return next;
    }

    private static AbstractInsnNode copy(AbstractInsnNode insn, Map<LabelNode, LabelNode> labels,
            int base, List<Object> below, LabelNode after) {
        if (insn.getOpcode() == Opcodes.RETURN) {
            return new JumpInsnNode(Opcodes.GOTO, after);
        }
        if (insn instanceof VarInsnNode variable) {
            return new VarInsnNode(variable.getOpcode(), shifted(variable.var, base));
        }
        if (insn instanceof IincInsnNode increment) {
            return new IincInsnNode(shifted(increment.var, base), increment.incr);
        }
        if (insn instanceof FrameNode frame) {
            return shiftedFrame(frame, labels, below);
        }
        return insn.clone(labels);
    }

    private static int shifted(int variable, int base) {
        return variable == 0 ? 0 : base + variable - 1;
    }

    /**
     * The caller's variables below {@code base} in frame form: its parameters, which the inlined
     * code leaves as they are, then {@code TOP}.
     */
    private static List<Object> callerLocals(String descriptor, int base) {
        Object[] entry = FrameLocals.of(Opcodes.TOP, descriptor);
        List<Object> below = new ArrayList<>();
        int slot = 1;
        for (int i = 1; i < entry.length; i++) {
            below.add(entry[i]);
            slot += entry[i] == Opcodes.LONG || entry[i] == Opcodes.DOUBLE ? 2 : 1;
        }
        for (; slot < base; slot++) {
            below.add(Opcodes.TOP);
        }
        return below;
    }

    /** The callee's frame with its variables above the caller's. */
    private static FrameNode shiftedFrame(FrameNode frame, Map<LabelNode, LabelNode> labels,
            List<Object> below) {
        FrameNode copy = (FrameNode) frame.clone(labels);
        List<Object> locals = new ArrayList<>();
        if (copy.local != null && !copy.local.isEmpty()) {
            locals.add(copy.local.get(0));
            locals.addAll(below);
            locals.addAll(copy.local.subList(1, copy.local.size()));
        }
        return new FrameNode(Opcodes.F_NEW, locals.size(), locals.toArray(),
                copy.stack == null ? 0 : copy.stack.size(),
                copy.stack == null ? new Object[0] : copy.stack.toArray());
    }
}
