package io.jlivepatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.fixture.Counter;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.testing.SelfAgent;
import io.jlivepatch.dispatch.Dispatch;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The engine refuses a patch whose code calls a member the running classes lack (the kernel's
 * symbol resolution before a module goes live), naming it, instead of loading it and letting
 * every call throw {@code NoSuchMethodError} into the application.
 */
class DanglingReferencesTest {

    private static final String FIX = "io.jlivepatch.core.fixture.patches.ctor.CounterFix";

    @TempDir
    Path dir;

    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        engine = new Engine(SelfAgent.instrumentation(), new EventLog(100));
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    @Test
    void aPatchCallingAMethodTheRunningClassLacksIsRefusedNamingIt() throws Exception {
        Path jar = dir.resolve("dangling.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out)) {
            add(jarOut, FIX, false);
            add(jarOut, FIX + "$CounterPatch", true);
        }
        PatchException e = assertThrows(PatchException.class, () -> engine.load(jar));
        assertTrue(e.getMessage().contains("uses io.jlivepatch.core.fixture.Counter.clamp(II)I,"
                + " which the classes it would run with do not have"), e.getMessage());
        assertEquals("c-5/plain/counter", new Counter(-5).label(), "the JVM is unchanged");
        assertEquals(0, Dispatch.registeredCount());
    }

    /** Adds a class; with {@code dangle}, its calls of Math.max go to Counter.clamp instead. */
    private static void add(JarOutputStream jar, String className, boolean dangle)
            throws Exception {
        String entry = className.replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = DanglingReferencesTest.class.getClassLoader()
                .getResourceAsStream(entry)) {
            bytes = in.readAllBytes();
        }
        if (dangle) {
            ClassWriter writer = new ClassWriter(0);
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor,
                        String signature, String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name,
                            descriptor, signature, exceptions)) {
                        @Override
                        public void visitMethodInsn(int opcode, String owner, String called,
                                String calledDescriptor, boolean isInterface) {
                            boolean max = owner.equals("java/lang/Math") && called.equals("max");
                            super.visitMethodInsn(opcode, max
                                    ? "io/jlivepatch/core/fixture/Counter" : owner,
                                    max ? "clamp" : called, calledDescriptor, isInterface);
                        }
                    };
                }
            }, 0);
            bytes = writer.toByteArray();
        }
        jar.putNextEntry(new JarEntry(entry));
        jar.write(bytes);
        jar.closeEntry();
    }
}
