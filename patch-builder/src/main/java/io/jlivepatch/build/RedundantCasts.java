package io.jlivepatch.build;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Removes the casts that cannot fail because the value already has exactly the cast type (javac 8
 * emits {@code checkcast [Ljava/lang/Class;} after an array initialiser, javac 11 does not), so
 * that two builds of the same source by different JDKs compare equal. A cast to any other type
 * stays: it may throw, so removing or adding it is a real change.
 */
final class RedundantCasts {

    private RedundantCasts() {
    }

    /**
     * @param classBytes a class file
     * @return the class without redundant casts, or the same array if it has none
     */
    static byte[] strip(byte[] classBytes) {
        ClassNode node = new ClassNode();
        new ClassReader(classBytes).accept(node, ClassReader.SKIP_FRAMES);
        boolean stripped = false;
        for (MethodNode method : node.methods) {
            stripped |= strip(node.name, method);
        }
        if (!stripped) {
            return classBytes;
        }
        ClassWriter writer = new ClassWriter(0);
        node.accept(writer);
        return writer.toByteArray();
    }

    private static boolean strip(String owner, MethodNode method) {
        if (method.instructions.size() == 0 || !hasCast(method)) {
            return false;
        }
        Frame<BasicValue>[] frames;
        try {
            frames = new Analyzer<>(new ExactTypes()).analyze(owner, method);
        } catch (AnalyzerException e) {
            return false;
        }
        AbstractInsnNode[] instructions = method.instructions.toArray();
        boolean stripped = false;
        for (int i = 0; i < instructions.length; i++) {
            Frame<BasicValue> frame = frames[i];
            if (instructions[i].getOpcode() == Opcodes.CHECKCAST && frame != null) {
                Type cast = Type.getObjectType(((TypeInsnNode) instructions[i]).desc);
                if (cast.equals(frame.getStack(frame.getStackSize() - 1).getType())) {
                    method.instructions.remove(instructions[i]);
                    stripped = true;
                }
            }
        }
        return stripped;
    }

    private static boolean hasCast(MethodNode method) {
        for (AbstractInsnNode instruction : method.instructions) {
            if (instruction.getOpcode() == Opcodes.CHECKCAST) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps the exact static type of every reference (the basic interpreter makes them all
     * {@code Object}); where paths join with different types, the type is unknown.
     */
    private static final class ExactTypes extends BasicInterpreter {

        private static final BasicValue UNKNOWN = new BasicValue(Type.getObjectType("?"));

        ExactTypes() {
            super(Opcodes.ASM9);
        }

        @Override
        public BasicValue newValue(Type type) {
            if (type != null && (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY)) {
                return new BasicValue(type);
            }
            return super.newValue(type);
        }

        @Override
        public BasicValue merge(BasicValue value1, BasicValue value2) {
            if (value1.equals(value2)) {
                return value1;
            }
            return value1.isReference() && value2.isReference() ? UNKNOWN
                    : BasicValue.UNINITIALIZED_VALUE;
        }
    }
}
