package io.jlivepatch.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.fixture.Greeter;
import io.jlivepatch.core.fixture.Pair;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.status.EngineStatus;
import io.jlivepatch.core.testing.PatchJars;
import io.jlivepatch.core.testing.Scenario;
import io.jlivepatch.core.testing.SelfAgent;
import io.jlivepatch.dispatch.Dispatch;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Duration;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic replace and cumulative patches: kernel K3, nops, downgrade, force and reversal. */
class ReplaceTest {

    private static final String PATCHES = "io.jlivepatch.core.fixture.patches.";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Instrumentation instrumentation;
    private EventLog events;
    private Engine engine;
    private final Greeter greeter = new Greeter();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        instrumentation = SelfAgent.instrumentation();
        events = new EventLog(1000);
        engine = new Engine(instrumentation, events);
    }

    @AfterEach
    void stop() throws Exception {
        Pair.gate.countDown();
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        Scenario.disableAllAndClose(engine, WAIT);
    }

    private Path fix1() throws Exception {
        return PatchJars.jar(dir, "fix1.jar", PATCHES + "one.GreeterFix1",
                PATCHES + "one.GreeterPatch");
    }

    private Path fix2() throws Exception {
        return PatchJars.jar(dir, "fix2.jar", PATCHES + "two.GreeterFix2",
                PATCHES + "two.GreeterFix2$GreeterPatch");
    }

    private Path cumulative3() throws Exception {
        return PatchJars.jar(dir, "c3.jar", PATCHES + "three.GreeterFix3",
                PATCHES + "three.GreeterFix3$GreeterPatch");
    }

    private Path cumulative4() throws Exception {
        return PatchJars.jar(dir, "c4.jar", PATCHES + "four.GreeterFix4",
                PATCHES + "four.GreeterFix4$GreeterPatch");
    }

    @Test
    void aReplacePatchReplacesEveryEnabledPatchInOneTransition() throws Exception {
        engine.load(fix1());
        engine.load(fix2());
        engine.load(cumulative3());
        Scenario.awaitIdle(engine, WAIT);
        assertEquals(Scenario.concat(Scenario.patching("greeter-fix-1"),
                Scenario.patching("greeter-fix-2"), Scenario.patching("greeter-cumulative-3")),
                Scenario.messages(events), "no unpatch lines for the replaced patches");
        EngineStatus status = engine.status();
        assertEquals(1, status.patches().size());
        EngineStatus.PatchStatus patch = status.patches().get(0);
        assertEquals("greeter-cumulative-3", patch.name());
        assertEquals(1, patch.stackOrder());
        assertTrue(patch.replace());
        assertEquals(List.of("twice"), patch.objects().get(0).functions().stream()
                .map(EngineStatus.FunctionStatus::name).toList(), "nops are discarded");
        assertEquals(2, status.history().size());
        assertTrue(status.history().get(0).startsWith("greeter-cumulative-3 replaced greeter-fix-1 at "));

        assertEquals("hello world", greeter.greet(), "nop: the original runs");
        assertEquals(8, Greeter.twice(2));
        assertEquals(6L, greeter.sum(1, 2L, 3.9));
        assertEquals("greeter", greeter.title());
        assertThrows(PatchException.class, () -> engine.disable("greeter-fix-1"),
                "replaced patches are gone");
    }

    @Test
    void methodsNoLongerPatchedRunTheirOriginalBytes() throws Exception {
        EngineTest.Probe probe = new EngineTest.Probe(Greeter.class);
        instrumentation.addTransformer(probe, true);
        try {
            byte[] original = probe.current(instrumentation);
            engine.load(fix1());
            int wovenWithFix1 = Dispatch.registeredCount();
            engine.load(cumulative3());
            Scenario.awaitIdle(engine, WAIT);
            assertEquals(1, Dispatch.registeredCount(), "only twice() keeps a prologue");
            assertTrue(wovenWithFix1 > 1);
            assertFalse(Arrays.equals(original, probe.current(instrumentation)));
            engine.disable("greeter-cumulative-3");
            Scenario.awaitIdle(engine, WAIT);
            assertArrayEquals(original, probe.current(instrumentation));
        } finally {
            instrumentation.removeTransformer(probe);
        }
    }

    @Test
    void anOlderCumulativePatchDowngradesANewerOne() throws Exception {
        engine.load(cumulative4());
        assertEquals("cumulative 4", greeter.greet());
        engine.load(cumulative3());
        Scenario.awaitIdle(engine, WAIT);
        assertEquals("hello world", greeter.greet(), "reverted by the downgrade");
        assertEquals(8, Greeter.twice(2), "upgraded to 3's version");
        engine.load(cumulative4());
        Scenario.awaitIdle(engine, WAIT);
        assertEquals("cumulative 4", greeter.greet(), "the newer one can come back");
        assertEquals(List.of("greeter-cumulative-4"), engine.status().patches().stream()
                .map(EngineStatus.PatchStatus::name).toList());
    }

    private Path pair(String name, String classPrefix) throws Exception {
        return PatchJars.jar(dir, name + ".jar", classPrefix, classPrefix + "$PairPatch");
    }

    private Future<Integer> blockInPair() throws Exception {
        Pair.gate = new CountDownLatch(1);
        Pair.entered = new CountDownLatch(1);
        Future<Integer> blocked = pool.submit(Pair::block);
        assertTrue(Pair.entered.await(10, TimeUnit.SECONDS));
        return blocked;
    }

    @Test
    void aReplaceStalledByAThreadInAReplacedFunctionShowsNopsAndWhatItReplaces()
            throws Exception {
        engine.load(pair("v1", PATCHES + "v1.PairV1"));
        Future<Integer> blocked = blockInPair();
        engine.load(pair("v4", PATCHES + "v4.PairV4"));
        EngineStatus status = engine.status();
        assertNotNull(status.transition(), "the thread in v1's block() keeps it open");
        EngineStatus.PatchStatus replacing = status.patches().get(1);
        assertEquals(List.of("pair-v1"), replacing.replacing());
        EngineStatus.FunctionStatus nop = replacing.objects().get(0).functions().stream()
                .filter(EngineStatus.FunctionStatus::nop).findFirst().orElseThrow();
        assertEquals("block", nop.name());
        assertEquals(4, Pair.outer(), "this thread switched");

        Pair.gate.countDown();
        assertEquals(1, blocked.get(10, TimeUnit.SECONDS), "v1's block() finished");
        Scenario.awaitIdle(engine, WAIT);
        assertEquals(0, Pair.block(), "the nop runs the original");
        assertEquals(List.of("pair-cumulative-4"), engine.status().patches().stream()
                .map(EngineStatus.PatchStatus::name).toList());
    }

    @Test
    void forcingAReplaceMarksTheReplacedPatchesNotTheNewOne() throws Exception {
        engine.load(pair("v1", PATCHES + "v1.PairV1"));
        Future<Integer> blocked = blockInPair();
        engine.load(pair("v4", PATCHES + "v4.PairV4"));
        assertNotNull(engine.status().transition());
        engine.force();
        assertNull(engine.status().transition());
        Pair.gate.countDown();
        blocked.get(10, TimeUnit.SECONDS);
        PatchException refused = assertThrows(PatchException.class,
                () -> engine.load(pair("v1-again", PATCHES + "v1.PairV1")));
        assertTrue(refused.getMessage().contains("forced"), refused.getMessage());
        engine.disable("pair-cumulative-4");
        Scenario.awaitIdle(engine, WAIT);
        engine.load(pair("v4-again", PATCHES + "v4.PairV4"));
        Scenario.awaitIdle(engine, WAIT);
        assertEquals(4, Pair.outer(), "the new patch itself may be loaded again");
    }

    @Test
    void reversingAReplaceRestoresTheReplacedPatchesForEveryThread() throws Exception {
        engine.load(pair("v1", PATCHES + "v1.PairV1"));
        Future<Integer> blocked = blockInPair();
        engine.load(pair("v4", PATCHES + "v4.PairV4"));
        engine.disable("pair-cumulative-4");
        EngineStatus.TransitionStatus reversed = engine.status().transition();
        if (reversed != null) {
            assertEquals("UNPATCHED", reversed.target());
        }
        Scenario.awaitIdle(engine, WAIT);
        assertEquals(List.of("pair-v1"), engine.status().patches().stream()
                .map(EngineStatus.PatchStatus::name).toList());
        assertTrue(engine.status().patches().get(0).enabled());
        assertEquals(1, Pair.outer());
        Pair.gate.countDown();
        assertEquals(1, blocked.get(10, TimeUnit.SECONDS));
        assertTrue(engine.status().history().isEmpty());
    }

    @Test
    void replacedAndDisabledPatchClassesAreUnloaded() throws Exception {
        List<WeakReference<Class<?>>> hidden = new ArrayList<>();
        for (int cycle = 0; cycle < 200; cycle++) {
            Path jar = cycle % 2 == 0 ? cumulative3() : cumulative4();
            engine.load(jar);
            Scenario.awaitIdle(engine, WAIT);
            if (cycle % 50 == 0) {
                for (Class<?> c : instrumentation.getAllLoadedClasses()) {
                    if (c.getName().contains("$$jlp$")) {
                        hidden.add(new WeakReference<>(c));
                    }
                }
            }
        }
        engine.disable(engine.status().patches().get(0).name());
        Scenario.awaitIdle(engine, WAIT);
        assertFalse(hidden.isEmpty(), "hidden classes are listed while in use");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (hidden.stream().anyMatch(r -> r.get() != null) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(hidden.stream().allMatch(r -> r.get() == null),
                "replaced patches' hidden classes were collected");
    }
}
