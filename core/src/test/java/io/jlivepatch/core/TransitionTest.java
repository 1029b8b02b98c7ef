package io.jlivepatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.fixture.Pair;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.status.EngineStatus;
import io.jlivepatch.core.testing.PatchJars;
import io.jlivepatch.core.testing.Scenario;
import io.jlivepatch.core.testing.SelfAgent;
import java.nio.file.Path;
import java.time.Duration;
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

/** Kernel K13–K15 without callbacks: transitions kept open by busy threads. */
class TransitionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private EventLog events;
    private Engine engine;
    private ExecutorService pool;

    @BeforeEach
    void start() throws Exception {
        events = new EventLog(1000);
        engine = new Engine(SelfAgent.instrumentation(), events);
        pool = Executors.newCachedThreadPool();
        Pair.gate = new CountDownLatch(1);
        Pair.entered = new CountDownLatch(1);
        Pair.MIXED.set(0);
    }

    @AfterEach
    void stop() throws Exception {
        Pair.gate.countDown();
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        Scenario.disableAllAndClose(engine, WAIT);
    }

    private Path version(int v) throws Exception {
        String p = "io.jlivepatch.core.fixture.patches.v" + v + ".PairV" + v;
        return PatchJars.jar(dir, "v" + v + ".jar", p, p + "$PairPatch");
    }

    private Future<Integer> blockInChangedFunction() throws Exception {
        Future<Integer> result = pool.submit(Pair::block);
        assertTrue(Pair.entered.await(10, TimeUnit.SECONDS));
        return result;
    }

    @Test
    void aThreadInsideAChangedFunctionKeepsTheTransitionOpenUntilItLeaves() throws Exception {
        Future<Integer> blocked = blockInChangedFunction();
        engine.load(version(1));
        EngineStatus.TransitionStatus transition = engine.status().transition();
        assertNotNull(transition, "the blocked thread keeps the transition open");
        assertEquals("pair-v1", transition.patch());
        assertEquals("PATCHED", transition.target());
        assertEquals(1, transition.pendingThreads().size(), transition.toString());
        assertEquals("io.jlivepatch.core.fixture.Pair.block",
                transition.pendingThreads().get(0).blockedIn());
        assertEquals(1, Pair.outer(), "this thread is switched and runs the new code");

        Pair.gate.countDown();
        assertEquals(0, blocked.get(10, TimeUnit.SECONDS), "it finishes the old body");
        Scenario.awaitIdle(engine, WAIT);
        assertEquals(Scenario.patching("pair-v1"), Scenario.messages(events));
        assertEquals(1, Pair.block());
    }

    @Test
    void forceCompletesAtOnceAndAForcedUnpatchCannotBeLoadedAgain() throws Exception {
        Future<Integer> blocked = blockInChangedFunction();
        assertThrows(PatchException.class, engine::force, "force outside a transition");
        engine.load(version(1));
        assertNotNull(engine.status().transition());
        engine.force();
        assertNull(engine.status().transition());
        assertEquals(Scenario.concat(List.of(
                "livepatch: enabling patch 'pair-v1'",
                "livepatch: 'pair-v1': initializing patching transition",
                "livepatch: 'pair-v1': starting patching transition",
                "livepatch: forcing remaining tasks to the patched state",
                "livepatch: 'pair-v1': completing patching transition",
                "livepatch: 'pair-v1': patching complete")), Scenario.messages(events));

        Pair.entered = new CountDownLatch(1);
        Pair.gate.countDown();
        assertEquals(0, blocked.get(10, TimeUnit.SECONDS));
        Pair.gate = new CountDownLatch(1);
        Future<Integer> blockedAgain = blockInChangedFunction();
        engine.disable("pair-v1");
        assertNotNull(engine.status().transition(), "blocked in the patched block()");
        engine.force();
        Pair.gate.countDown();
        assertEquals(1, blockedAgain.get(10, TimeUnit.SECONDS));
        PatchException refused = assertThrows(PatchException.class, () -> engine.load(version(1)));
        assertTrue(refused.getMessage().contains("forced"), refused.getMessage());
        assertTrue(engine.status().patches().isEmpty());
    }

    @Test
    void disablingThePatchInTransitionReversesIt() throws Exception {
        Future<Integer> blocked = blockInChangedFunction();
        engine.load(version(1));
        assertNotNull(engine.status().transition());
        engine.disable("pair-v1");
        // Threads that had switched switch back at once: the reversal may already be complete.
        EngineStatus status = engine.status();
        if (status.transition() != null) {
            assertEquals("UNPATCHED", status.transition().target());
            assertFalse(status.patches().get(0).enabled());
        }
        Scenario.awaitIdle(engine, WAIT);
        assertEquals(List.of(
                "livepatch: enabling patch 'pair-v1'",
                "livepatch: 'pair-v1': initializing patching transition",
                "livepatch: 'pair-v1': starting patching transition",
                "livepatch: 'pair-v1': reversing transition from patching to unpatching",
                "livepatch: 'pair-v1': starting unpatching transition",
                "livepatch: 'pair-v1': completing unpatching transition",
                "livepatch: 'pair-v1': unpatching complete"), Scenario.messages(events));
        assertEquals(0, Pair.outer());
        Pair.gate.countDown();
        assertEquals(0, blocked.get(10, TimeUnit.SECONDS));
    }

    @Test
    void enablingThePatchInAnUnpatchingTransitionReversesItBack() throws Exception {
        engine.load(version(1));
        Scenario.awaitIdle(engine, WAIT);
        Future<Integer> blocked = blockInChangedFunction();
        engine.disable("pair-v1");
        assertEquals("UNPATCHED", engine.status().transition().target());
        assertThrows(PatchException.class, () -> engine.disable("pair-v1"), "already disabling");
        engine.enable("pair-v1");
        Scenario.awaitIdle(engine, WAIT);
        assertTrue(engine.status().patches().get(0).enabled());
        assertEquals(1, Pair.outer());
        List<String> log = Scenario.messages(events);
        assertEquals(List.of(
                "livepatch: 'pair-v1': initializing unpatching transition",
                "livepatch: 'pair-v1': starting unpatching transition",
                "livepatch: 'pair-v1': reversing transition from unpatching to patching",
                "livepatch: 'pair-v1': starting patching transition",
                "livepatch: 'pair-v1': completing patching transition",
                "livepatch: 'pair-v1': patching complete"), log.subList(5, log.size()));
        Pair.gate.countDown();
        assertEquals(1, blocked.get(10, TimeUnit.SECONDS));
    }

    @Test
    void onlyOneTransitionAtATime() throws Exception {
        engine.load(version(2));
        Scenario.awaitIdle(engine, WAIT);
        Future<Integer> blocked = blockInChangedFunction();
        engine.load(version(1));
        PatchException busyLoad = assertThrows(PatchException.class,
                () -> engine.load(version(3)));
        assertEquals(PatchException.Kind.BUSY, busyLoad.kind());
        PatchException busyDisable = assertThrows(PatchException.class,
                () -> engine.disable("pair-v2"));
        assertEquals(PatchException.Kind.BUSY, busyDisable.kind());
        assertEquals(2, engine.status().patches().size(), "nothing changed");
        Pair.gate.countDown();
        assertEquals(2, blocked.get(10, TimeUnit.SECONDS), "ran v2's block()");
        Scenario.awaitIdle(engine, WAIT);
        assertEquals(1, Pair.outer());
    }

    @Test
    void aThreadBlockedInAnUnchangedFunctionSwitchesAndLaterRunsTheNewCode() throws Exception {
        Future<Integer> waiting = pool.submit(Pair::waitThenCall);
        assertTrue(Pair.entered.await(10, TimeUnit.SECONDS));
        engine.load(version(1));
        Scenario.awaitIdle(engine, WAIT);
        Pair.gate.countDown();
        assertEquals(1, waiting.get(10, TimeUnit.SECONDS));
        assertEquals(0, Pair.MIXED.get());
    }
}
