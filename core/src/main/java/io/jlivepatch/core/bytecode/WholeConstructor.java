package io.jlivepatch.core.bytecode;

import io.jlivepatch.dispatch.Dispatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Weaves whole constructor bodies ({@link ConstructorBody}) into the target's own constructor,
 * before anything of the original runs:
 * <pre>
 *   invokedynamic impl()MethodHandle   // Dispatch.impl(funcId, ()int): the one decision
 *   dup
 *   ifnull ORIGINAL
 *   invokevirtual MethodHandle.invokeExact()int   // the id of the body to run
 *   lookupswitch id -&gt; BODY_id, default -&gt; throw IllegalStateException
 * BODY_id:
 *   the patch's whole constructor, its super(...) or this(...) call included
 * ORIGINAL:
 *   pop
 *   the original constructor, untouched
 * </pre>
 * Nothing before the decision uses {@code this}, which is still uninitialised there; each body
 * and the original make their own super or this call on every path, as the verifier requires,
 * and no exception handler covers the decision. Frames are expanded (every frame of the method
 * is a full one), so the bodies' and the original's frames keep their meaning side by side;
 * their entry frame is the constructor's implicit one, which the inserted frames repeat.
 */
final class WholeConstructor {

    private static final String METHOD_HANDLE = "java/lang/invoke/MethodHandle";
    private static final String PROBLEM = "java/lang/IllegalStateException";

    private WholeConstructor() {
    }

    /**
     * @param owner the target's internal name
     * @param original the target's constructor, read with expanded frames; changed in place
     * @param funcId the constructor's function id
     * @param impl the bootstrap of the decision
     * @param bodies the bodies its stack's patches give it
     */
    static void weave(String owner, MethodNode original, int funcId, Handle impl,
            List<ConstructorBody> bodies) {
        Object[] entry = FrameLocals.of(Opcodes.UNINITIALIZED_THIS, original.desc);
        List<ConstructorBody> sorted = new ArrayList<>(bodies);
        sorted.sort(Comparator.comparingInt(ConstructorBody::id));
        InsnList woven = new InsnList();
        LabelNode originalStart = new LabelNode();
        LabelNode unknown = new LabelNode();
        woven.add(new InvokeDynamicInsnNode(Dispatch.IMPL_NAME, "()L" + METHOD_HANDLE + ";",
                impl, funcId, Type.getMethodType(Type.INT_TYPE)));
        woven.add(new InsnNode(Opcodes.DUP));
        woven.add(new JumpInsnNode(Opcodes.IFNULL, originalStart));
        woven.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, METHOD_HANDLE, "invokeExact", "()I",
                false));
        int[] keys = new int[sorted.size()];
        LabelNode[] starts = new LabelNode[sorted.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = sorted.get(i).id();
            starts[i] = new LabelNode();
        }
        woven.add(new LookupSwitchInsnNode(unknown, keys, starts));
        woven.add(unknown);
        woven.add(new FrameNode(Opcodes.F_NEW, entry.length, entry, 0, new Object[0]));
        woven.add(new TypeInsnNode(Opcodes.NEW, PROBLEM));
        woven.add(new InsnNode(Opcodes.DUP));
        woven.add(new LdcInsnNode("no constructor body " + owner + "." + original.name
                + original.desc + " for this decision"));
        woven.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, PROBLEM, "<init>",
                "(Ljava/lang/String;)V", false));
        woven.add(new InsnNode(Opcodes.ATHROW));
        int maxStack = Math.max(original.maxStack, 3);
        int maxLocals = original.maxLocals;
        for (int i = 0; i < keys.length; i++) {
            MethodNode body = sorted.get(i).code();
            if (!body.desc.equals(original.desc)) {
                throw new IllegalArgumentException("constructor body " + body.desc
                        + " does not fit " + owner + "." + original.name + original.desc);
            }
            woven.add(starts[i]);
            woven.add(new FrameNode(Opcodes.F_NEW, entry.length, entry, 0, new Object[0]));
            woven.add(body.instructions);
            original.tryCatchBlocks.addAll(body.tryCatchBlocks);
            maxStack = Math.max(maxStack, body.maxStack);
            maxLocals = Math.max(maxLocals, body.maxLocals);
        }
        woven.add(originalStart);
        woven.add(new FrameNode(Opcodes.F_NEW, entry.length, entry, 1,
                new Object[] {METHOD_HANDLE}));
        woven.add(new InsnNode(Opcodes.POP));
        original.instructions.insert(woven);
        original.maxStack = maxStack;
        original.maxLocals = maxLocals;
    }
}
