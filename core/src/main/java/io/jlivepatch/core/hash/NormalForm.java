package io.jlivepatch.core.hash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * A class reduced to what it does: its header, and each field and method by key, with method
 * bodies as instruction text in which constants appear by value and labels by order of first
 * use. Debug information (source file, line numbers, local variable names and types), stack-map
 * frames, annotations, the {@code Deprecated} attribute (which a JVM does not keep), generic
 * signatures, the constant pool's order and the members' order are
 * left out, so a class file and the bytes a JVM reconstitutes for the same class have equal
 * normal forms.
 *
 * @param name the internal name
 * @param access the class's access flags, without {@code ACC_SUPER}
 *     and ASM's {@code ACC_DEPRECATED}
 * @param superName the internal name of the superclass, or {@code null} for {@code Object}
 * @param interfaces the internal names of the direct interfaces, in declaration order
 * @param fields every field by {@code name + ":" + descriptor}, sorted
 * @param methods every method by {@code name + descriptor}, sorted
 */
public record NormalForm(String name, int access, String superName, List<String> interfaces,
        Map<String, Member> fields, Map<String, Member> methods) {

    /** Makes the collections unmodifiable (and keeps the maps sorted). */
    public NormalForm {
        interfaces = List.copyOf(interfaces);
        fields = java.util.Collections.unmodifiableMap(new TreeMap<>(fields));
        methods = java.util.Collections.unmodifiableMap(new TreeMap<>(methods));
    }

    /**
     * A field or method in normal form.
     *
     * @param access its access flags
     * @param form a field's constant value ({@code ConstantValue}), or a method's thrown
     *     exceptions and body, one instruction or label a line; empty when there is none
     */
    public record Member(int access, String form) {
    }

    /**
     * @param classBytes a class file
     * @return its normal form
     */
    public static NormalForm of(byte[] classBytes) {
        return of(classBytes, null);
    }

    /**
     * The normal form of a class as if some names in it were different: the remapper renames
     * types, fields and methods everywhere (declarations and references) before normalising.
     *
     * @param classBytes a class file
     * @param names the renaming to apply, or {@code null} for none
     * @return its normal form
     */
    public static NormalForm of(byte[] classBytes, Remapper names) {
        Collector collector = new Collector();
        ClassVisitor visitor = names == null ? collector : new ClassRemapper(collector, names);
        new ClassReader(classBytes).accept(visitor, ClassReader.SKIP_DEBUG
                | ClassReader.SKIP_FRAMES);
        return new NormalForm(collector.name, collector.access, collector.superName,
                collector.interfaces, collector.fields, collector.methods);
    }

    /** @return the {@link ClassHash} of this normal form */
    public String hash() {
        return ClassHash.of(this);
    }

    /** Reads the header and members; method bodies through {@link InstructionText}. */
    private static final class Collector extends ClassVisitor {
        String name;
        int access;
        String superName;
        List<String> interfaces = List.of();
        final Map<String, Member> fields = new TreeMap<>();
        final Map<String, Member> methods = new TreeMap<>();

        Collector() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature,
                String superName, String[] interfaces) {
            this.name = name;
            // HotSpot reports ACC_SUPER on every class it reconstitutes; it means nothing since
            // Java 8.
            this.access = access & ~Opcodes.ACC_SUPER & ~Opcodes.ACC_DEPRECATED;
            this.superName = superName;
            this.interfaces = interfaces == null ? List.of() : Arrays.asList(interfaces);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor,
                String signature, Object value) {
            fields.put(name + ":" + descriptor, new Member(access & ~Opcodes.ACC_DEPRECATED,
                    value == null ? "" : InstructionText.constant(value)));
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor,
                String signature, String[] exceptions) {
            List<String> thrown = new ArrayList<>(exceptions == null ? List.of()
                    : Arrays.asList(exceptions));
            thrown.sort(null);
            String key = name + descriptor;
            int kept = access & ~Opcodes.ACC_DEPRECATED;
            return new InstructionText(text -> methods.put(key, new Member(kept,
                    (thrown.isEmpty() ? "" : "throws " + String.join(",", thrown) + "\n")
                            + text)));
        }
    }
}
