package io.jlivepatch.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.client.Json;
import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.fixture.Greeter;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.status.EngineStatus;
import io.jlivepatch.core.testing.PatchJars;
import io.jlivepatch.core.testing.Scenario;
import io.jlivepatch.core.testing.SelfAgent;
import io.jlivepatch.dispatch.Dispatch;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {

    private static final String PATCHES = "io.jlivepatch.core.fixture.patches.";

    @TempDir
    Path dir;

    private Instrumentation instrumentation;
    private EventLog events;
    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        instrumentation = SelfAgent.instrumentation();
        events = new EventLog(1000);
        engine = new Engine(instrumentation, events);
    }

    @AfterEach
    void stop() throws Exception {
        Scenario.disableAllAndClose(engine, Duration.ofSeconds(30));
    }

    private Path fix1() throws Exception {
        return PatchJars.jar(dir, "fix1.jar", PATCHES + "one.GreeterFix1",
                PATCHES + "one.GreeterPatch");
    }

    private Path fix2() throws Exception {
        return PatchJars.jar(dir, "fix2.jar", PATCHES + "two.GreeterFix2",
                PATCHES + "two.GreeterFix2$GreeterPatch");
    }

    private List<String> log() {
        return Scenario.messages(events);
    }

    @Test
    void aPatchThatFailsAfterItWasAddedLeavesTheJvmAsItWas() throws Exception {
        int woven = Dispatch.registeredCount();
        Path twice = PatchJars.jar(dir, "twice.jar", PATCHES + "twice.TwiceFix",
                PATCHES + "twice.TwiceFix$AnyLoader", PATCHES + "twice.TwiceFix$NamedLoader");

        PatchException refused = assertThrows(PatchException.class, () -> engine.load(twice));

        assertEquals(PatchException.Kind.FAILED, refused.kind());
        assertTrue(refused.getMessage().contains("Greeter.twice is replaced twice"),
                refused.getMessage());
        assertEquals(4, Greeter.twice(2), "the original runs");
        EngineStatus status = engine.status();
        assertTrue(status.patches().isEmpty(), status.toString());
        assertNull(status.transition(), "no phantom transition");
        assertEquals(woven, Dispatch.registeredCount(), "nothing stays woven");
        engine.load(fix1());
        assertEquals(6, Greeter.twice(2), "the next patch loads");
    }

    @Test
    void basicPatchingRedirectsAndDisableRestoresOriginalBehaviour() throws Exception {
        Greeter greeter = new Greeter();
        assertEquals("hello world", greeter.greet());
        assertEquals(4, Greeter.twice(2));

        assertEquals("greeter-fix-1", engine.load(fix1()));
        assertEquals("hi world s3cret!", greeter.greet(), "private field, private method, helper");
        assertEquals(6, Greeter.twice(2), "static method");
        assertEquals(123L, greeter.sum(1, 2L, 3.9), "wide arguments");
        assertEquals("patched:BASE", greeter.title(), "super call");
        assertEquals(2, greeter.calls(), "replacement writes the target's private field");
        assertEquals(Scenario.patching("greeter-fix-1"), log());

        engine.disable("greeter-fix-1");
        assertEquals("hello world", greeter.greet());
        assertEquals(4, Greeter.twice(2));
        assertEquals("greeter", greeter.title());
        assertEquals(Scenario.concat(Scenario.patching("greeter-fix-1"),
                Scenario.unpatching("greeter-fix-1")), log());
        assertTrue(engine.status().patches().isEmpty());
    }

    @Test
    void newestPatchWinsAndPatchesMayBeDisabledInAnyOrder() throws Exception {
        Greeter greeter = new Greeter();
        engine.load(fix1());
        engine.load(fix2());
        assertEquals("hey WORLD", greeter.greet());
        assertEquals(6, Greeter.twice(2), "fix1 still patches what fix2 does not");
        assertEquals(List.of(1, 2), engine.status().patches().stream()
                .map(EngineStatus.PatchStatus::stackOrder).toList());

        engine.disable("greeter-fix-1");
        assertEquals("hey WORLD", greeter.greet(), "fix2 stays on top");
        assertEquals(4, Greeter.twice(2));
        assertEquals(1, engine.status().patches().get(0).stackOrder(), "renumbered");

        engine.disable("greeter-fix-2");
        assertEquals("hello world", greeter.greet());
    }

    @Test
    void disablingTheNewestFallsBackToTheOlder() throws Exception {
        Greeter greeter = new Greeter();
        engine.load(fix1());
        engine.load(fix2());
        engine.disable("greeter-fix-2");
        assertEquals("hi world s3cret!", greeter.greet());
        engine.disable("greeter-fix-1");
        assertEquals("hello world", greeter.greet());
    }

    @Test
    void methodsNoPatchUsesGetTheirOriginalBytesBack() throws Exception {
        Probe probe = new Probe(Greeter.class);
        instrumentation.addTransformer(probe, true);
        try {
            byte[] before = probe.current(instrumentation);
            engine.load(fix1());
            byte[] patched = probe.current(instrumentation);
            assertFalse(java.util.Arrays.equals(before, patched), "prologue woven");
            engine.load(fix2());
            engine.disable("greeter-fix-1");
            assertFalse(java.util.Arrays.equals(before, probe.current(instrumentation)),
                    "fix2 still patches greet()");
            engine.disable("greeter-fix-2");
            assertArrayEquals(before, probe.current(instrumentation));
        } finally {
            instrumentation.removeTransformer(probe);
        }
    }

    @Test
    void refusedPatchesLeaveTheJvmUnchanged() throws Exception {
        Greeter greeter = new Greeter();
        engine.load(fix1());
        events = null;
        String bad = PATCHES + "bad.Bad$";
        record Case(String name, String expected, String... classes) {
        }
        List<Case> cases = List.of(
                new Case("missing method", "method farewell()Ljava/lang/String; not found",
                        bad + "MissingMethod", bad + "MissingMethodPatch"),
                new Case("wrong descriptor", "methods of that name there:"
                        + " greet()Ljava/lang/String;", bad + "WrongDescriptor",
                        bad + "WrongDescriptorPatch"),
                new Case("abstract", "is abstract", bad + "AbstractTarget",
                        bad + "AbstractTargetPatch"),
                new Case("native", "is native", bad + "NativeTarget", bad + "NativeTargetPatch"),
                new Case("duplicate name", "a patch named 'greeter-fix-1' is already loaded",
                        bad + "DuplicateName", bad + "DuplicateNamePatch"));
        int woven = Dispatch.registeredCount();
        for (Case c : cases) {
            Path jar = PatchJars.jar(dir, c.name().replace(' ', '-') + ".jar", c.classes());
            PatchException e = assertThrows(PatchException.class, () -> engine.load(jar),
                    c.name());
            assertTrue(e.getMessage().contains(c.expected()),
                    c.name() + ": " + e.getMessage());
            assertEquals(1, engine.status().patches().size(), c.name());
            assertEquals(woven, Dispatch.registeredCount(), c.name());
            assertEquals("hi world s3cret!", greeter.greet(), c.name());
            assertEquals(6, Greeter.twice(2), c.name());
        }
    }

    @Test
    void aPatchForAClassNoLoaderDefinedYetIsLoadedAndWaitsForIt() throws Exception {
        String waiting = PATCHES + "bad.Bad$";
        engine.load(PatchJars.jar(dir, "waiting.jar", waiting + "MissingClass",
                waiting + "MissingClassPatch"));
        EngineStatus.ObjectStatus object = engine.status().patches().get(0).objects().get(0);
        assertEquals("io.jlivepatch.core.fixture.NoSuchClass", object.name());
        assertTrue(object.waiting() && !object.patched(), object.toString());
        assertEquals(Scenario.patching("bad-missing-class"), log(),
                "like a kernel object whose module is not loaded: no event of its own");
        engine.disable("bad-missing-class");
    }

    @Test
    void aDisabledPatchCannotBeEnabledAgain() throws Exception {
        engine.load(fix1());
        engine.disable("greeter-fix-1");
        PatchException e = assertThrows(PatchException.class,
                () -> engine.enable("greeter-fix-1"));
        assertEquals(PatchException.Kind.INVALID_STATE, e.kind());
        assertTrue(e.getMessage().contains("load its jar again"), e.getMessage());
        assertNull(engine.status().transition());
        assertEquals("greeter-fix-1", engine.load(fix1()), "loading the jar again works");
    }

    @Test
    void aPatchDirectoryLoadsEveryGoodJarInNameOrderAndReportsTheOthers() throws Exception {
        Path patches = java.nio.file.Files.createDirectory(dir.resolve("patches"));
        java.nio.file.Files.move(fix1(), patches.resolve("a-fix1.jar"));
        PatchJars.jar(patches, "b-broken.jar", PATCHES + "bad.Bad$MissingMethod",
                PATCHES + "bad.Bad$MissingMethodPatch");
        java.nio.file.Files.move(fix2(), patches.resolve("c-fix2.jar"));
        assertEquals(List.of("greeter-fix-1", "greeter-fix-2"),
                engine.loadDirectory(patches, java.time.Duration.ofSeconds(30)));
        assertTrue(log().stream().anyMatch(line -> line.startsWith("livepatch: patch jar ")
                && line.contains("b-broken.jar was not loaded: patch 'bad-missing-method'")),
                log().toString());
        assertEquals("hey WORLD", new Greeter().greet());
    }

    @Test
    void replacementsMayUseLambdasMethodReferencesAndShadowVariables() throws Exception {
        String fix = PATCHES + "lambda.LambdaFix";
        engine.load(PatchJars.jar(dir, "lambdas.jar", fix, fix + "$GreeterPatch"));
        Greeter one = new Greeter();
        assertEquals("HI WORLD!1", one.greet());
        assertEquals("HI WORLD!2", one.greet(), "the shadow variable lives with its object");
        assertEquals("HI WORLD!1", new Greeter().greet());
        assertEquals(2, engine.status().shadowVariables().get(0x77L));
        engine.disable("greeter-lambdas");
        assertEquals("hello world", one.greet());
        io.jlivepatch.api.ShadowVariables.freeAll(0x77L);
    }

    @Test
    void patchClassesOfAReplacementThatCalledLambdasAreUnloadedAfterDisable() throws Exception {
        String fix = PATCHES + "lambda.LambdaFix";
        engine.load(PatchJars.jar(dir, "lambdas.jar", fix, fix + "$GreeterPatch"));
        assertEquals("HI WORLD!1", new Greeter().greet(), "the lambdas were linked and called");
        List<WeakReference<Class<?>>> patchClasses = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (c.getName().contains("$$jlp$greeter_lambdas")) {
                patchClasses.add(new WeakReference<>(c));
            }
        }
        engine.disable("greeter-lambdas");
        io.jlivepatch.api.ShadowVariables.freeAll(0x77L);
        assertFalse(patchClasses.isEmpty(), "the patch's classes are listed while in use");
        for (WeakReference<Class<?>> patchClass : patchClasses) {
            Scenario.awaitCollected(patchClass, Duration.ofSeconds(30));
        }
    }

    @Test
    void aReplacementWithASerializableLambdaIsRefusedAndChangesNothing() throws Exception {
        String fix = PATCHES + "lambda.SerializableLambdaFix";
        Path jar = PatchJars.jar(dir, "serializable.jar", fix, fix + "$GreeterPatch");

        PatchException refused = assertThrows(PatchException.class, () -> engine.load(jar));

        assertEquals(PatchException.Kind.INCOMPATIBLE, refused.kind());
        assertTrue(refused.getMessage().contains("serializable lambdas"), refused.getMessage());
        assertEquals("hello world", new Greeter().greet(), "the original runs");
        assertTrue(engine.status().patches().isEmpty(), engine.status().toString());
    }

    @Test
    void statusShowsObjectsAndFunctions() throws Exception {
        Path jar = fix1();
        engine.load(jar);
        EngineStatus.PatchStatus patch = engine.status().patches().get(0);
        assertEquals("greeter-fix-1", patch.name());
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest
                .getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(jar))),
                patch.sha256(), "the jar's digest, which tells builds of one patch apart");
        assertEquals(patch, EngineStatus.fromJson(json(Json.write(engine.status()
                .toJson(-1)))).patches().get(0),
                "the digest survives the JSON of jlp status --json");
        assertTrue(patch.enabled());
        assertFalse(patch.transition());
        assertEquals("first fix", patch.description());
        EngineStatus.ObjectStatus object = patch.objects().get(0);
        assertEquals("io.jlivepatch.core.fixture.Greeter", object.name());
        assertEquals("app", object.loader());
        assertTrue(object.patched());
        assertEquals(List.of("greet", "twice", "sum", "title"),
                object.functions().stream().map(EngineStatus.FunctionStatus::name).toList());
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> json(String text) {
        return (java.util.Map<String, Object>) Json.read(text);
    }

    /** A retransformation-capable transformer after the engine's: sees what the JVM runs. */
    static final class Probe implements ClassFileTransformer {
        private final Class<?> target;
        private volatile byte[] seen;

        Probe(Class<?> target) {
            this.target = target;
        }

        byte[] current(Instrumentation instrumentation) throws Exception {
            seen = null;
            instrumentation.retransformClasses(target);
            return seen;
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String name,
                Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
            if (redefined == target) {
                seen = bytes.clone();
            }
            return null;
        }
    }
}
