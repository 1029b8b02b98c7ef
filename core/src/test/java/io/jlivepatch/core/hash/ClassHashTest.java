package io.jlivepatch.core.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jlivepatch.core.fixture.Greeter;
import io.jlivepatch.core.fixture.Pair;
import io.jlivepatch.core.fixture.Shape;
import io.jlivepatch.core.redirect.ClassWeaver;
import io.jlivepatch.core.testing.SelfAgent;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class ClassHashTest {

    /** Classes with lambdas, switches, try/catch, wide constants, interfaces, inner classes. */
    private static final List<Class<?>> CLASSES = List.of(Greeter.class, Pair.class,
            Shape.class, ClassHashTest.class, String.class, java.util.HashMap.class,
            ConcurrentHashMap.class, java.util.stream.Collectors.class,
            ClassWeaver.class, java.util.regex.Pattern.class);

    @Test
    void hashOfTheClassFileEqualsHashOfTheBytesTheRunningJvmReports() throws Exception {
        ClassWeaver weaver = new ClassWeaver(SelfAgent.instrumentation());
        try {
            List<String> differing = new ArrayList<>();
            for (Class<?> c : CLASSES) {
                byte[] file = classFile(c);
                byte[] reported = weaver.reportedBytes(c);
                String fileHash = ClassHash.of(file);
                String runningHash = ClassHash.of(reported);
                if (!fileHash.equals(runningHash)) {
                    differing.add(c.getName() + ": file " + fileHash + ", JVM " + runningHash);
                }
            }
            assertEquals(List.of(), differing, "Java " + Runtime.version());
        } finally {
            weaver.close();
        }
    }

    @Test
    void memberOrderAndDebugInformationDoNotChangeTheHash() throws IOException {
        byte[] file = classFile(Greeter.class);
        byte[] rewritten = reversedWithoutDebug(file);
        assertNotEquals(List.of(members(file)), List.of(members(rewritten)));
        assertEquals(ClassHash.of(file), ClassHash.of(rewritten));
    }

    @Test
    void aChangedInstructionOrConstantChangesTheHash() throws IOException {
        byte[] file = classFile(Greeter.class);
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(file).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9,
                        super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitInsn(int opcode) {
                        super.visitInsn(opcode == Opcodes.IMUL ? Opcodes.IADD : opcode);
                    }
                };
            }
        }, 0);
        assertNotEquals(ClassHash.of(file), ClassHash.of(writer.toByteArray()));
    }

    private static byte[] classFile(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/')
                + ".class")) {
            return in.readAllBytes();
        }
    }

    private static List<String> members(byte[] bytes) {
        List<String> names = new ArrayList<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                names.add(name + descriptor);
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return names;
    }

    /** The same class with its fields and methods in reverse order and no debug information. */
    private static byte[] reversedWithoutDebug(byte[] file) {
        org.objectweb.asm.tree.ClassNode node = new org.objectweb.asm.tree.ClassNode();
        new ClassReader(file).accept(node, ClassReader.SKIP_DEBUG);
        java.util.Collections.reverse(node.methods);
        java.util.Collections.reverse(node.fields);
        ClassWriter writer = new ClassWriter(0);
        node.accept(writer);
        return writer.toByteArray();
    }

}
