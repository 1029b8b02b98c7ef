package io.jlivepatch.bench.beside;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Another agent beside jlivepatch: a retransformation-capable transformer, registered before the
 * engine's, that calls {@link CallCounter} on entry to and before every return of the
 * {@code checksum} methods of the given classes, as APM agents wrap methods with advice.
 */
final class EntryExitAdvice implements ClassFileTransformer {

    private static final String COUNTER = CallCounter.class.getName().replace('.', '/');

    private final Set<String> classes;

    /** @param classes the internal names of the classes to advise */
    EntryExitAdvice(Set<String> classes) {
        this.classes = classes;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className,
            Class<?> classBeingRedefined, ProtectionDomain domain, byte[] bytes) {
        if (!classes.contains(className)) {
            return null;
        }
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature,
                        exceptions);
                return name.equals("checksum") ? advised(next) : next;
            }
        }, 0);
        return writer.toByteArray();
    }

    private static MethodVisitor advised(MethodVisitor next) {
        return new MethodVisitor(Opcodes.ASM9, next) {
            @Override
            public void visitCode() {
                super.visitCode();
                super.visitMethodInsn(Opcodes.INVOKESTATIC, COUNTER, "enter", "()V", false);
            }

            @Override
            public void visitInsn(int opcode) {
                if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, COUNTER, "exit", "()V", false);
                }
                super.visitInsn(opcode);
            }
        };
    }
}
