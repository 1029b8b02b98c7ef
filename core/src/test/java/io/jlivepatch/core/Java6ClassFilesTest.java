package io.jlivepatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.bytecode.VersionRaise;
import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.testing.PatchJars;
import io.jlivepatch.core.testing.PluginLoader;
import io.jlivepatch.core.testing.Scenario;
import io.jlivepatch.core.testing.SelfAgent;
import io.jlivepatch.dispatch.Dispatch;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Class files of Java 6 (version 50): patched by weaving them as Java 7 class files, and given
 * back their own version when the patch goes.
 */
class Java6ClassFilesTest {

    private static final String LEGACY = "io.jlivepatch.core.fixture.Legacy";
    private static final String FIX = "io.jlivepatch.core.fixture.patches.java6.LegacyFix";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        engine = new Engine(SelfAgent.instrumentation(), new EventLog(100));
    }

    @AfterEach
    void stop() throws Exception {
        Scenario.disableAllAndClose(engine, WAIT);
    }

    @Test
    void aJava6ClassIsPatchedAndGetsItsVersionBackWhenThePatchGoes() throws Throwable {
        PluginLoader loader = new PluginLoader("java6", LEGACY, Opcodes.V1_6);
        assertEquals("42", loader.call("answer"));
        assertEquals(Opcodes.V1_6, version(loader));
        engine.load(PatchJars.jar(dir, "fix.jar", FIX, FIX + "$LegacyPatch"));
        Scenario.awaitIdle(engine, WAIT);
        assertEquals("refused", loader.call("answer"), "the replaced method runs");
        assertEquals(Opcodes.V1_7, version(loader));
        engine.disable("legacy-fix");
        Scenario.awaitIdle(engine, WAIT);
        assertEquals("42", loader.call("answer"));
        assertEquals(Opcodes.V1_6, version(loader));
        assertEquals(0, Dispatch.registeredCount());
    }

    @Test
    void aJava6ConstructorReplacementAssignsTheTargetsFinalField() throws Throwable {
        PluginLoader loader = new PluginLoader("java6", LEGACY, Opcodes.V1_6);
        Class<?> legacy = loader.loadClass(LEGACY);
        engine.load(PatchJars.jar(dir, "fix.jar", FIX, FIX + "$LegacyPatch"));
        Scenario.awaitIdle(engine, WAIT);
        Object built = legacy.getConstructor(int.class).newInstance(1);
        java.lang.reflect.Field base = legacy.getDeclaredField("base");
        base.setAccessible(true);
        assertEquals(101, base.getInt(built));
    }

    @Test
    void aClassWithoutStackMapsIsRefusedNamingTheMethodAndNothingChanges() {
        byte[] noFrames = branchingWithoutFrames();
        String refusal = VersionRaise.refusal(noFrames);
        assertTrue(refusal.startsWith("old.Branchy.sign(I)I has no stack-map frames (class-file"
                + " version 49, Java 5): code woven into it or generated from it is a class file of"
                + " version 51 (Java 7)"), refusal);
        assertNull(VersionRaise.refusal(withVersion(noFrames, Opcodes.V1_7)),
                "from Java 7 on, nothing is raised");
    }

    private static int version(PluginLoader loader) throws Exception {
        Class<?> legacy = loader.loadClass(LEGACY);
        byte[] bytes = reported(legacy);
        return ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF);
    }

    /** @return the class's bytes as the engine's weaver passes them on (transformers after it) */
    private static byte[] reported(Class<?> type) throws Exception {
        byte[][] seen = new byte[1][];
        java.lang.instrument.ClassFileTransformer spy = new java.lang.instrument
                .ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name,
                    Class<?> redefined, java.security.ProtectionDomain domain, byte[] bytes) {
                if (redefined == type) {
                    seen[0] = bytes.clone();
                }
                return null;
            }
        };
        SelfAgent.instrumentation().addTransformer(spy, true);
        try {
            SelfAgent.instrumentation().retransformClasses(type);
        } finally {
            SelfAgent.instrumentation().removeTransformer(spy);
        }
        return seen[0];
    }

    private static byte[] branchingWithoutFrames() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC, "old/Branchy", null, "java/lang/Object",
                null);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_STATIC, "sign", "(I)I", null, null);
        method.visitCode();
        Label negative = new Label();
        method.visitVarInsn(Opcodes.ILOAD, 0);
        method.visitJumpInsn(Opcodes.IFLT, negative);
        method.visitInsn(Opcodes.ICONST_1);
        method.visitInsn(Opcodes.IRETURN);
        method.visitLabel(negative);
        method.visitInsn(Opcodes.ICONST_M1);
        method.visitInsn(Opcodes.IRETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static byte[] withVersion(byte[] bytes, int version) {
        byte[] copy = bytes.clone();
        copy[7] = (byte) version;
        return copy;
    }
}
