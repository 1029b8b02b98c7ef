package io.jlivepatch.core.bytecode;

import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * A whole constructor, its own {@code super(...)} or {@code this(...)} call included
 * ({@code @Replace(withSuperCall = true)}), to be placed in the target's own constructor beside
 * the original body ({@link WholeConstructor}). Only the class's own constructor may run another
 * super call on its uninitialised {@code this} and assign its final fields, so the code cannot
 * live in a hidden class as other replacements do.
 *
 * @param id the number the prologue's decision answers for this body, unique in the JVM
 * @param methodKey the constructor, {@code <init> + descriptor}
 * @param classBytes the patch class, its own name and the other patch classes' renamed to
 *     their targets, so that the code reads as the target's
 */
public record ConstructorBody(int id, String methodKey, byte[] classBytes) {

    /**
     * The type of the prologue's call in a constructor woven with whole bodies: the answer
     * returns the {@link #id} of the body to run.
     */
    public static final MethodType CALL_TYPE = MethodType.methodType(int.class);

    private static final String REPLACE = "Lio/jlivepatch/api/Replace;";

    /**
     * @param patchClassBytes a {@code @Patch} class
     * @param methodKey one of its constructors
     * @return whether that constructor is annotated {@code @Replace(withSuperCall = true)}
     */
    public static boolean replacesWhole(byte[] patchClassBytes, String methodKey) {
        if (!methodKey.startsWith("<init>(")) {
            return false;
        }
        MethodNode method = method(read(patchClassBytes, ClassReader.SKIP_CODE), methodKey);
        if (method == null || method.visibleAnnotations == null) {
            return false;
        }
        for (AnnotationNode annotation : method.visibleAnnotations) {
            if (REPLACE.equals(annotation.desc) && annotation.values != null) {
                for (int i = 0; i + 1 < annotation.values.size(); i += 2) {
                    if ("withSuperCall".equals(annotation.values.get(i))
                            && Boolean.TRUE.equals(annotation.values.get(i + 1))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * @param id the body's number
     * @param patchClassBytes the {@code @Patch} class holding the constructor
     * @param methodKey the constructor
     * @param renames internal names of the patch's classes to their targets' names
     * @return the body, with the patch's classes named as their targets
     */
    public static ConstructorBody of(int id, byte[] patchClassBytes, String methodKey,
            Map<String, String> renames) {
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(patchClassBytes).accept(new ClassRemapper(writer,
                new SimpleRemapper(renames)), 0);
        return new ConstructorBody(id, methodKey, writer.toByteArray());
    }

    /**
     * The members the body uses that its own class declares and the running class does not (a
     * patch class's helper methods, lambda bodies, new fields): in the target's own constructor
     * they would not link. Members the class inherits are resolved by the JVM as usual.
     *
     * @param shape the running class
     * @return those members, {@code name + descriptor} (fields {@code name:descriptor})
     */
    public Set<String> missingFrom(TargetShape shape) {
        TargetShape declared = TargetShape.of(classBytes);
        String owner = shape.internalName();
        Set<String> missing = new TreeSet<>();
        for (AbstractInsnNode insn : code().instructions) {
            if (insn instanceof FieldInsnNode field && field.owner.equals(owner)) {
                addMissing(field.name + ":" + field.desc, declared.fields(), shape.fields(),
                        missing);
            } else if (insn instanceof MethodInsnNode call && call.owner.equals(owner)) {
                addMissing(call.name + call.desc, declared.methods(), shape.methods(), missing);
            } else if (insn instanceof InvokeDynamicInsnNode indy) {
                for (Object argument : indy.bsmArgs) {
                    addMissingHandle(argument, declared, shape, missing);
                }
            } else if (insn instanceof LdcInsnNode ldc) {
                addMissingHandle(ldc.cst, declared, shape, missing);
            }
        }
        return missing;
    }

    private static void addMissing(String key, Map<String, Integer> declared,
            Map<String, Integer> running, Set<String> missing) {
        if (declared.containsKey(key) && !running.containsKey(key)) {
            missing.add(key);
        }
    }

    private static void addMissingHandle(Object constant, TargetShape declared,
            TargetShape shape, Set<String> missing) {
        if (constant instanceof Handle handle && handle.getOwner().equals(shape.internalName())) {
            boolean field = handle.getTag() <= Opcodes.H_PUTSTATIC;
            addMissing(handle.getName() + (field ? ":" : "") + handle.getDesc(),
                    field ? declared.fields() : declared.methods(),
                    field ? shape.fields() : shape.methods(), missing);
        }
    }

    /** @return a fresh copy of the constructor's code, frames expanded */
    MethodNode code() {
        MethodNode method = method(read(classBytes, ClassReader.EXPAND_FRAMES), methodKey);
        if (method == null || (method.access & Opcodes.ACC_ABSTRACT) != 0) {
            throw new IllegalArgumentException("the patch class has no constructor " + methodKey);
        }
        return method;
    }

    private static ClassNode read(byte[] bytes, int flags) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, flags);
        return node;
    }

    private static MethodNode method(ClassNode node, String methodKey) {
        for (MethodNode method : node.methods) {
            if (methodKey.equals(method.name + method.desc)) {
                return method;
            }
        }
        return null;
    }
}
