package io.jlivepatch.build;

import io.jlivepatch.core.bytecode.TargetShape;
import io.jlivepatch.core.hash.ClassHash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Writes the {@code @Patch} class of one {@link ClassPlan}, as a patch author would have written
 * it by hand: named like its target (so the copied code needs no renaming of the class itself),
 * pinned to the old class's semantic hash, holding the changed methods annotated
 * {@code @Replace}, the new methods and lambda bodies as helpers, and a {@code @Shadow} for every
 * member of the target the copied code uses. Shadow methods get a body that throws; it never
 * runs.
 */
final class PatchClassWriter {

    private static final String PATCH = "Lio/jlivepatch/api/Patch;";
    private static final String REPLACE = "Lio/jlivepatch/api/Replace;";
    private static final String SHADOW = "Lio/jlivepatch/api/Shadow;";

    private PatchClassWriter() {
    }

    /**
     * @param plan the class plan
     * @param names the renaming into the patch's names
     * @return the {@code @Patch} class, named like the target
     */
    static byte[] write(ClassPlan plan, PatchNames names) {
        ClassNode renamed = new ClassNode();
        new ClassReader(plan.newBytes()).accept(names.classes(renamed), ClassReader.EXPAND_FRAMES);
        Map<String, MethodNode> byKey = new LinkedHashMap<>();
        renamed.methods.forEach(m -> byKey.put(m.name + m.desc, m));
        Set<String> replaced = new TreeSet<>();
        plan.replaced().forEach(k -> replaced.add(renamedKey(k, names)));

        ClassNode patch = new ClassNode();
        patch.version = renamed.version;
        patch.access = Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER | Opcodes.ACC_ABSTRACT
                | Opcodes.ACC_SYNTHETIC;
        patch.name = plan.target();
        patch.superName = renamed.superName;
        AnnotationNode pin = new AnnotationNode(PATCH);
        pin.values = new ArrayList<>(List.of("value", JavacNames.dotted(plan.target()),
                "hash", ClassHash.of(plan.oldBytes())));
        patch.visibleAnnotations = new ArrayList<>(List.of(pin));
        for (String key : CarriedCode.of(plan).keySet()) {
            MethodNode method = byKey.get(renamedKey(key, names));
            method.visibleAnnotations = null;
            method.invisibleAnnotations = null;
            method.visibleParameterAnnotations = null;
            method.invisibleParameterAnnotations = null;
            method.visibleTypeAnnotations = null;
            method.invisibleTypeAnnotations = null;
            if (replaced.contains(method.name + method.desc)) {
                AnnotationNode replace = replace(plan, key);
                method.visibleAnnotations = new ArrayList<>(List.of(replace));
                if (replace.values != null) {
                    ConstructorChange.inline(renamed, method.name + method.desc,
                            TargetShape.of(plan.oldBytes()).methods().keySet(),
                            new ArrayList<>());
                }
            }
            patch.methods.add(method);
        }
        addShadows(patch, plan);
        ClassWriter writer = new ClassWriter(0);
        patch.accept(writer);
        return writer.toByteArray();
    }

    /** {@code @Replace}, with {@code withSuperCall} on a constructor whose super call changed. */
    private static AnnotationNode replace(ClassPlan plan, String key) {
        AnnotationNode replace = new AnnotationNode(REPLACE);
        if (key.startsWith("<init>(")
                && ConstructorChange.whole(plan.oldBytes(), plan.newBytes(), key, key)) {
            replace.values = new ArrayList<>(List.of("withSuperCall", Boolean.TRUE));
        }
        return replace;
    }

    private static String renamedKey(String newKey, PatchNames names) {
        int paren = newKey.indexOf('(');
        return newKey.substring(0, paren) + names.mapMethodDescriptor(newKey.substring(paren));
    }

    /** A {@code @Shadow} for each member of the old class that the copied code uses. */
    private static void addShadows(ClassNode patch, ClassPlan plan) {
        ClassNode old = new ClassNode();
        new ClassReader(plan.oldBytes()).accept(old, ClassReader.SKIP_CODE);
        Set<String> copied = new TreeSet<>();
        patch.methods.forEach(m -> copied.add(m.name + m.desc));
        Set<String> used = new TreeSet<>();
        for (MethodNode method : new ArrayList<>(patch.methods)) {
            for (AbstractInsnNode insn : method.instructions) {
                used.addAll(membersUsed(insn, plan.target()));
            }
        }
        for (FieldNode field : old.fields) {
            if (used.contains(field.name + ":" + field.desc)) {
                FieldNode shadow = new FieldNode(field.access, field.name, field.desc, null,
                        null);
                shadow.visibleAnnotations = new ArrayList<>(List.of(new AnnotationNode(SHADOW)));
                patch.fields.add(shadow);
            }
        }
        for (MethodNode method : old.methods) {
            String key = method.name + method.desc;
            if (used.contains(key) && !copied.contains(key) && !method.name.startsWith("<")) {
                patch.methods.add(shadowMethod(method));
            }
        }
    }

    private static List<String> membersUsed(AbstractInsnNode insn, String owner) {
        List<String> used = new ArrayList<>();
        if (insn instanceof FieldInsnNode field && field.owner.equals(owner)) {
            used.add(field.name + ":" + field.desc);
        } else if (insn instanceof MethodInsnNode call && call.owner.equals(owner)) {
            used.add(call.name + call.desc);
        } else if (insn instanceof InvokeDynamicInsnNode indy) {
            for (Object argument : indy.bsmArgs) {
                if (argument instanceof Handle handle && handle.getOwner().equals(owner)) {
                    used.add(handle.getName() + handle.getDesc());
                }
            }
        } else if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof Handle handle
                && handle.getOwner().equals(owner)) {
            used.add(handle.getName() + handle.getDesc());
        }
        return used;
    }

    private static MethodNode shadowMethod(MethodNode original) {
        boolean bodiless = (original.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0;
        int access = bodiless ? original.access & ~Opcodes.ACC_NATIVE | Opcodes.ACC_ABSTRACT
                : original.access;
        MethodNode shadow = new MethodNode(access, original.name, original.desc, null,
                original.exceptions.toArray(new String[0]));
        shadow.visibleAnnotations = new ArrayList<>(List.of(new AnnotationNode(SHADOW)));
        if (!bodiless) {
            shadow.instructions.add(new InsnNode(Opcodes.ACONST_NULL));
            shadow.instructions.add(new InsnNode(Opcodes.ATHROW));
            shadow.maxStack = 1;
            int argumentSlots = Type.getArgumentsAndReturnSizes(original.desc) >> 2;
            shadow.maxLocals = (original.access & Opcodes.ACC_STATIC) != 0 ? argumentSlots - 1
                    : argumentSlots;
        }
        return shadow;
    }
}
