package io.jlivepatch.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The methods of the new build that a {@link ClassPlan} copies into its {@code @Patch} class:
 * the changed methods, the new ones, and every lambda body they use, directly or through other
 * lambda bodies, whether or not the old build has one of the same content.
 */
final class CarriedCode {

    private CarriedCode() {
    }

    /**
     * @param plan a class plan
     * @return the carried methods by {@code name + descriptor}, as the new build has them
     */
    static Map<String, MethodNode> of(ClassPlan plan) {
        ClassNode node = new ClassNode();
        new ClassReader(plan.newBytes()).accept(node, 0);
        Map<String, MethodNode> all = new LinkedHashMap<>();
        node.methods.forEach(m -> all.put(m.name + m.desc, m));
        Set<String> wanted = new TreeSet<>(plan.replaced());
        wanted.addAll(plan.helpers());
        List<String> pending = new ArrayList<>(wanted);
        while (!pending.isEmpty()) {
            MethodNode method = all.get(pending.remove(pending.size() - 1));
            for (String lambda : lambdasUsed(method, plan.newName())) {
                if (all.containsKey(lambda) && wanted.add(lambda)) {
                    pending.add(lambda);
                }
            }
        }
        Map<String, MethodNode> carried = new LinkedHashMap<>();
        all.forEach((key, method) -> {
            if (wanted.contains(key)) {
                carried.put(key, method);
            }
        });
        return carried;
    }

    private static Set<String> lambdasUsed(MethodNode method, String owner) {
        Set<String> used = new TreeSet<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof InvokeDynamicInsnNode indy) {
                for (Object argument : indy.bsmArgs) {
                    addLambda(used, argument, owner);
                }
            } else if (insn instanceof LdcInsnNode ldc) {
                addLambda(used, ldc.cst, owner);
            } else if (insn instanceof MethodInsnNode call && call.owner.equals(owner)
                    && JavacNames.isLambda(call.name)) {
                used.add(call.name + call.desc);
            }
        }
        return used;
    }

    private static void addLambda(Set<String> used, Object constant, String owner) {
        if (constant instanceof Handle handle && handle.getOwner().equals(owner)
                && JavacNames.isLambda(handle.getName())) {
            used.add(handle.getName() + handle.getDesc());
        }
    }
}
