package io.jlivepatch.core.redirect;

import io.jlivepatch.core.fixture.Traced;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Another agent's retransformation-capable transformer, registered before the engine's: it
 * calls {@code Traced.one()} or {@code Traced.two()} (its advice, switched at run time as
 * agents add and remove instrumentation) at the entry of {@code first} and {@code second}.
 */
final class AdviceAhead implements ClassFileTransformer {

    private static final String TRACED = Traced.class.getName().replace('.', '/');

    volatile String advice = "one";

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className,
            Class<?> classBeingRedefined, ProtectionDomain domain, byte[] bytes) {
        if (!TRACED.equals(className)) {
            return null;
        }
        String call = advice;
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature,
                        exceptions);
                if (!name.equals("first") && !name.equals("second")) {
                    return method;
                }
                return new MethodVisitor(Opcodes.ASM9, method) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, TRACED, call, "()V", false);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
