package io.jlivepatch.build;

import io.jlivepatch.core.bytecode.ConstructorBody;
import io.jlivepatch.core.bytecode.SuperCall;
import io.jlivepatch.core.bytecode.TargetShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.Remapper;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * How a changed constructor is carried. When its {@code super(...)}/{@code this(...)} call (and
 * what computes its arguments) is the same in both builds, as a replacement of what follows that
 * call (final fields the new constructor assigns are assigned through setters the engine opens).
 * When the call changed, whole ({@code @Replace(withSuperCall = true)}): the engine places the
 * new constructor in the running class's own constructor beside the old one, so its code may use
 * only members the running class has, and the new members the patch reaches elsewhere: new
 * fields (holder, shadow variables) and new methods (holder), to which {@link PatchNames}
 * rewrites it as every carried body. A lambda body it uses would stay a helper of the patch and
 * is refused.
 */
final class ConstructorChange {

    private ConstructorChange() {
    }

    /**
     * @param oldBytes the class in the running build
     * @param newBytes the class in the new build
     * @param oldKey the constructor's key in the old build
     * @param newKey its key in the new build
     * @param routed the new members of the class that the patch reaches outside the running
     *     class (new static and instance fields {@code name:descriptor}, new methods
     *     {@code name + descriptor}), which the carried code's calls are rewritten to; in the
     *     names of {@code toOld}
     * @param toOld the renaming of the new build's classes that {@code routed} is written in
     * @return why the change cannot be carried, or {@code null} if it can
     */
    static String refusal(byte[] oldBytes, byte[] newBytes, String oldKey, String newKey,
            Set<String> routed, Remapper toOld) {
        if (!whole(oldBytes, newBytes, oldKey, newKey)) {
            return null;
        }
        ClassNode inlined = inlined(oldBytes, newBytes, newKey, new ArrayList<>());
        String oldName = new ClassReader(oldBytes).getClassName();
        ClassWriter writer = new ClassWriter(0);
        inlined.accept(writer);
        Set<String> missing = ConstructorBody.of(0, writer.toByteArray(), newKey,
                Map.of(inlined.name, oldName)).missingFrom(TargetShape.of(oldBytes));
        missing.removeIf(key -> routed.contains(renamed(key, toOld)));
        if (missing.isEmpty()) {
            return null;
        }
        return "changed constructor whose super(...) or this(...) call changed, and whose code"
                + " uses " + String.join(", ", missing) + ", which the running class lacks:"
                + " such a constructor is carried whole inside the running class's own"
                + " constructor, where only the class's own members link; keep the call as it"
                + " was, or use only existing members in the constructor";
    }

    /** A member key ({@code name:descriptor} or {@code name + descriptor}) in other names. */
    private static String renamed(String key, Remapper names) {
        int colon = key.indexOf(':');
        return colon >= 0 ? key.substring(0, colon + 1) + names.mapDesc(key.substring(colon + 1))
                : key.substring(0, key.indexOf('(')) + names.mapMethodDesc(
                        key.substring(key.indexOf('(')));
    }

    /**
     * @return whether the constructor's super or this call changed, so that it is replaced
     *     whole
     */
    static boolean whole(byte[] oldBytes, byte[] newBytes, String oldKey, String newKey) {
        return !untilSuperCall(oldBytes, oldKey).equals(untilSuperCall(newBytes, newKey));
    }

    /**
     * The new build's class, frames expanded, with the new constructors that a constructor
     * replaced whole reaches through {@code this(...)} inlined into it
     * ({@link ConstructorInlining}).
     *
     * @param oldBytes the running class
     * @param newBytes the new build's class
     * @param newKey the constructor replaced whole
     * @param inlined receives the keys of the new constructors inlined
     * @return the class
     */
    static ClassNode inlined(byte[] oldBytes, byte[] newBytes, String newKey,
            List<String> inlined) {
        ClassNode node = new ClassNode();
        new ClassReader(newBytes).accept(node, ClassReader.EXPAND_FRAMES);
        inline(node, newKey, TargetShape.of(oldBytes).methods().keySet(), inlined);
        return node;
    }

    /**
     * Inlines into one constructor of a class the new constructors it reaches through
     * {@code this(...)}.
     *
     * @param node the class, frames expanded
     * @param key the constructor
     * @param running the method keys of the running class
     * @param inlined receives the keys of the constructors inlined
     */
    static void inline(ClassNode node, String key, Set<String> running, List<String> inlined) {
        for (MethodNode method : node.methods) {
            if (key.equals(method.name + method.desc)) {
                inlined.addAll(ConstructorInlining.inline(node, method, running));
            }
        }
    }

    /** The instructions of a constructor up to and including its super or this call. */
    private static List<String> untilSuperCall(byte[] classBytes, String key) {
        List<String> instructions = new ArrayList<>();
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                return !key.equals(name + descriptor) ? null : new Prefix(instructions);
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return instructions;
    }

    /** Records instructions until the call that initialises {@code this}. */
    private static final class Prefix extends MethodVisitor {
        private final List<String> out;
        private final SuperCall superCall = new SuperCall();

        Prefix(List<String> out) {
            super(Opcodes.ASM9);
            this.out = out;
        }

        private void add(Object... parts) {
            if (!superCall.passed()) {
                out.add(java.util.Arrays.toString(parts));
            }
        }

        @Override
        public void visitInsn(int opcode) {
            add(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            add(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            add(opcode, varIndex);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            add(opcode, type);
            superCall.typeInsn(opcode);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            add(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                boolean isInterface) {
            add(opcode, owner, name, descriptor);
            superCall.isCall(opcode, name);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
                Object... arguments) {
            add(Opcodes.INVOKEDYNAMIC, name, descriptor, bootstrap,
                    java.util.Arrays.toString(arguments));
        }

        @Override
        public void visitLdcInsn(Object value) {
            add(Opcodes.LDC, value);
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
            add(Opcodes.IINC, varIndex, increment);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            add(Opcodes.MULTIANEWARRAY, descriptor, numDimensions);
        }
    }
}
