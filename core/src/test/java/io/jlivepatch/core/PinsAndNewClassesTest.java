package io.jlivepatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.fixture.Greeter;
import io.jlivepatch.core.hash.ClassHash;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.testing.Scenario;
import io.jlivepatch.core.testing.SelfAgent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

/**
 * Hash pinning (DESIGN §4) and new classes defined beside the target: a pinned object loads only
 * into the class it was built against, and a class of the jar that patch code uses is defined in
 * the target's loader and package.
 */
class PinsAndNewClassesTest {

    private static final String PINNED = "io/jlivepatch/core/fixture/patches/pinned/Pinned";
    private static final String WORDS = "io/jlivepatch/core/fixture/GreeterWords";
    private static final String NEW_WORDS = WORDS + "$jlp$test";

    @TempDir
    Path dir;

    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        engine = new Engine(SelfAgent.instrumentation(), new EventLog(1000));
    }

    @AfterEach
    void stop() throws Exception {
        Scenario.disableAllAndClose(engine, Duration.ofSeconds(30));
    }

    @Test
    void aPatchPinnedToAnotherHashIsRefusedNamingTheClassAndBothHashes() throws Exception {
        Path jar = jar("0123456789abcdef");
        PatchException e = assertThrows(PatchException.class, () -> engine.load(jar));
        assertEquals(PatchException.Kind.INCOMPATIBLE, e.kind());
        String running = ClassHash.of(resource(Greeter.class.getName().replace('.', '/')));
        assertTrue(e.getMessage().contains("class io.jlivepatch.core.fixture.Greeter (loader app)"
                + " has semantic hash " + running + ", but the patch was built against hash"
                + " 0123456789abcdef"), e.getMessage());
        assertEquals(4, Greeter.twice(2), "nothing changed");
        assertTrue(engine.status().patches().isEmpty());
    }

    @Test
    void aPatchPinnedToTheRunningClassLoadsAndItsNewClassIsDefinedBesideTheTarget()
            throws Exception {
        String running = ClassHash.of(resource(Greeter.class.getName().replace('.', '/')));
        engine.load(jar(running));
        assertEquals(10, Greeter.twice(2));
        assertEquals("howdy", new Greeter().greet());
        Class<?> defined = Class.forName(NEW_WORDS.replace('/', '.'), false,
                Greeter.class.getClassLoader());
        assertEquals(Greeter.class.getClassLoader(), defined.getClassLoader());

        engine.disable("pinned-fix");
        engine.load(jar(running));
        assertEquals("howdy", new Greeter().greet(), "the same new class again: reused");
    }

    /** The fixture patch with its hash set and GreeterWords renamed to a class the JVM lacks. */
    private Path jar(String hash) throws IOException {
        Map<String, String> renames = Map.of(WORDS, NEW_WORDS);
        Path jar = dir.resolve("pinned-" + hash + ".jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out)) {
            for (String name : new String[] {PINNED + "$Fix", PINNED + "$GreeterPatch", WORDS}) {
                ClassWriter writer = new ClassWriter(0);
                ClassVisitor pin = new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                        return new AnnotationVisitor(Opcodes.ASM9,
                                super.visitAnnotation(descriptor, visible)) {
                            @Override
                            public void visit(String element, Object value) {
                                super.visit(element, element.equals("hash") ? hash : value);
                            }
                        };
                    }
                };
                new ClassReader(resource(name)).accept(
                        new ClassRemapper(pin, new SimpleRemapper(renames)), 0);
                jarOut.putNextEntry(new JarEntry(renames.getOrDefault(name, name) + ".class"));
                jarOut.write(writer.toByteArray());
                jarOut.closeEntry();
            }
        }
        return jar;
    }

    private static byte[] resource(String internalName) throws IOException {
        try (InputStream in = PinsAndNewClassesTest.class.getClassLoader()
                .getResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }
}
