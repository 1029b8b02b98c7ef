package io.jlivepatch.core.load;

import io.jlivepatch.core.bytecode.WithoutNesting;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * The classes a class file uses: in its header, fields, method signatures and code. Names that
 * only the nesting attributes mention ({@code InnerClasses}, {@code NestHost},
 * {@code NestMembers}, {@code EnclosingMethod}, {@code PermittedSubclasses}) are not uses: a
 * patch class nested in another class of the jar names it there without needing it at run time.
 */
final class ClassReferences {

    private ClassReferences() {
    }

    /**
     * @param classBytes a class file
     * @return the internal names of the classes it uses, sorted, without array types
     */
    static Set<String> of(byte[] classBytes) {
        Set<String> used = new TreeSet<>();
        Remapper recorder = new Remapper() {
            @Override
            public String map(String internalName) {
                used.add(internalName);
                return internalName;
            }
        };
        // The remapper visits only what the next visitor asks for: ask for every member.
        ClassVisitor sink = new ClassVisitor(Opcodes.ASM9) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor,
                    String signature, Object value) {
                return new FieldVisitor(Opcodes.ASM9) { };
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) { };
            }
        };
        new ClassReader(classBytes).accept(new WithoutNesting(new ClassRemapper(sink, recorder)),
                ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        String self = new ClassReader(classBytes).getClassName();
        used.remove(self);
        return used;
    }
}
