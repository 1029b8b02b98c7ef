package io.jlivepatch.build;

import io.jlivepatch.core.hash.ClassHash;
import io.jlivepatch.core.hash.NormalForm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.Remapper;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * What a change of a class initialiser ({@code <clinit>}) means for a patch. The running class
 * was initialised long ago, so its initialiser never runs again; only two kinds of change can be
 * carried: constants that differ (build noise such as a version string: the running class keeps
 * its values) and code added only to initialise new static fields, which moves to a
 * {@link StaticsHolder}.
 */
final class StaticInitialiser {

    private static final String KEY = "<clinit>()V";

    /** What the change is. */
    enum Kind {
        /** Equal. */
        UNCHANGED,
        /** Only constants differ. */
        CONSTANTS_ONLY,
        /** Only code that initialises new static fields was added: the {@link #segment}. */
        NEW_FIELDS_ONLY,
        /** Anything else: refused. */
        CHANGED
    }

    /**
     * @param kind what the change is
     * @param segment the added instructions, for {@link Kind#NEW_FIELDS_ONLY}
     */
    record Outcome(Kind kind, MethodNode segment) {
    }

    private StaticInitialiser() {
    }

    /**
     * @param oldBytes the old class
     * @param newBytes the new class
     * @param toOld renames the new build's names into the old build's
     * @param owner the class's name in the old build
     * @param newStatics the new static fields, {@code name + ":" + descriptor}
     * @return what changed in the initialiser
     */
    static Outcome compare(byte[] oldBytes, byte[] newBytes, Remapper toOld, String owner,
            Set<String> newStatics) {
        List<String> before = lines(NormalForm.of(oldBytes));
        List<String> after = lines(NormalForm.of(newBytes, toOld));
        if (before.equals(after)) {
            return new Outcome(Kind.UNCHANGED, null);
        }
        if (masked(before).equals(masked(after))) {
            return new Outcome(Kind.CONSTANTS_ONLY, null);
        }
        int prefix = 0;
        while (prefix < before.size() && prefix < after.size()
                && before.get(prefix).equals(after.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < before.size() - prefix && suffix < after.size() - prefix
                && before.get(before.size() - 1 - suffix)
                        .equals(after.get(after.size() - 1 - suffix))) {
            suffix++;
        }
        List<String> added = after.subList(prefix, after.size() - suffix);
        if (prefix + suffix != before.size() || !initialisesOnly(added, owner, newStatics)) {
            return new Outcome(Kind.CHANGED, null);
        }
        // The exception table's lines come first; the instructions follow one a line.
        long tableLines = after.stream().filter(line -> line.startsWith("try ")).count();
        return new Outcome(Kind.NEW_FIELDS_ONLY,
                segment(newBytes, prefix - (int) tableLines, added.size()));
    }

    /** Straight-line code whose every store goes to a new static field, and ends in one. */
    private static boolean initialisesOnly(List<String> added, String owner,
            Set<String> newStatics) {
        if (added.isEmpty() || !added.get(added.size() - 1).startsWith(Opcodes.PUTSTATIC + " ")) {
            return false;
        }
        for (String line : added) {
            String[] parts = line.split(" ");
            int opcode = parts[0].endsWith(":") || parts[0].equals("try") ? -1
                    : Integer.parseInt(parts[0]);
            boolean flow = opcode < 0 || (opcode >= Opcodes.IFEQ && opcode <= Opcodes.RETURN)
                    || opcode == Opcodes.ATHROW || opcode == Opcodes.IFNULL
                    || opcode == Opcodes.IFNONNULL;
            boolean store = opcode == Opcodes.PUTSTATIC || opcode == Opcodes.PUTFIELD;
            if (flow || store && !(opcode == Opcodes.PUTSTATIC && parts[1].equals(owner)
                    && newStatics.contains(parts[2] + ":" + parts[3]))) {
                return false;
            }
        }
        return true;
    }

    /** The instructions of the new initialiser that the added lines stand for. */
    private static MethodNode segment(byte[] newBytes, int from, int count) {
        ClassNode node = new ClassNode();
        new ClassReader(newBytes).accept(node, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        MethodNode init = node.methods.stream().filter(m -> (m.name + m.desc).equals(KEY))
                .findFirst().orElseThrow();
        MethodNode segment = new MethodNode(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        AbstractInsnNode[] instructions = init.instructions.toArray();
        for (int i = from; i < from + count; i++) {
            segment.instructions.add(instructions[i].clone(java.util.Map.of()));
        }
        return segment;
    }

    /** The initialiser's instruction lines; a class without one is as if it only returned. */
    private static List<String> lines(NormalForm form) {
        NormalForm.Member init = form.methods().get(KEY);
        return init == null ? List.of(Integer.toString(Opcodes.RETURN))
                : Arrays.asList(init.form().split("\n"));
    }

    /** The lines with every constant operand hidden. */
    private static List<String> masked(List<String> lines) {
        List<String> masked = new ArrayList<>();
        for (String line : lines) {
            String opcode = line.split(" ")[0];
            boolean constant = opcode.equals(Integer.toString(Opcodes.LDC))
                    || opcode.equals(Integer.toString(Opcodes.BIPUSH))
                    || opcode.equals(Integer.toString(Opcodes.SIPUSH))
                    || !opcode.endsWith(":") && !opcode.equals("try") && !opcode.equals("throws")
                            && Integer.parseInt(opcode) >= Opcodes.ICONST_M1
                            && Integer.parseInt(opcode) <= Opcodes.DCONST_1;
            masked.add(constant ? "constant" : line);
        }
        return masked;
    }

    /**
     * @param fields the holder's fields, as text
     * @param segment its initialiser text
     * @return a key for a holder's name, from its content
     */
    static String holderKey(String fields, String segment) {
        return ClassHash.digest(fields + "\n" + segment);
    }
}
