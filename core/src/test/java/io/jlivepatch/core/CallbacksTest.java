package io.jlivepatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.fixture.CallbackControl;
import io.jlivepatch.core.fixture.Pair;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.status.EngineStatus;
import io.jlivepatch.core.testing.PatchJars;
import io.jlivepatch.core.testing.Scenario;
import io.jlivepatch.core.testing.SelfAgent;
import io.jlivepatch.dispatch.Dispatch;
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

/**
 * Kernel callback scenarios (K6, K11, K13, K14, K15, K16) for objects that are loaded: the JVM
 * object stands for vmlinux, {@code Pair} for the target module.
 */
class CallbacksTest {

    private static final String DEMO = "io.jlivepatch.core.fixture.patches.callbacks.CallbacksDemo";
    private static final String P = "callbacks-demo";
    private static final String PAIR = "io.jlivepatch.core.fixture.Pair";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private EventLog events;
    private Engine engine;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        events = new EventLog(1000);
        engine = new Engine(SelfAgent.instrumentation(), events);
        CallbackControl.prePatchReturn = 0;
        Pair.gate = new CountDownLatch(1);
        Pair.entered = new CountDownLatch(1);
    }

    @AfterEach
    void stop() throws Exception {
        Pair.gate.countDown();
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        Scenario.awaitIdle(engine, WAIT);
        for (EngineStatus.PatchStatus patch : engine.status().patches()) {
            engine.disable(patch.name());
            Scenario.awaitIdle(engine, WAIT);
        }
        engine.close();
        assertEquals(0, Dispatch.registeredCount());
    }

    private Path demo() throws Exception {
        return PatchJars.jar(dir, "demo.jar", DEMO, DEMO + "$Jvm", DEMO + "$PairPatch");
    }

    private Path demo2() throws Exception {
        return PatchJars.jar(dir, "demo2.jar", DEMO + "2", DEMO + "2$Jvm");
    }

    private static List<String> callbacks(String patch, String kind) {
        return List.of(patch + ": " + kind + "_callback: jvm",
                patch + ": " + kind + "_callback: " + PAIR);
    }

    private static String lp(String patch, String text) {
        return "livepatch: '" + patch + "': " + text;
    }

    private List<String> enableBlock() {
        return Scenario.concat(List.of("livepatch: enabling patch '" + P + "'",
                lp(P, "initializing patching transition")), callbacks(P, "pre_patch"),
                List.of(lp(P, "starting patching transition"),
                        lp(P, "completing patching transition")),
                callbacks(P, "post_patch"), List.of(lp(P, "patching complete")));
    }

    @Test
    void k6CallbacksRunForEveryLoadedObjectInOrder() throws Exception {
        engine.load(demo());
        engine.disable(P);
        Scenario.awaitIdle(engine, WAIT);
        assertEquals(Scenario.concat(enableBlock(),
                List.of(lp(P, "initializing unpatching transition")), callbacks(P, "pre_unpatch"),
                List.of(lp(P, "starting unpatching transition"),
                        lp(P, "completing unpatching transition")),
                callbacks(P, "post_unpatch"), List.of(lp(P, "unpatching complete"))),
                Scenario.messages(events));
    }

    @Test
    void k11AFailingPrePatchCancelsTheLoadWithoutOtherCallbacks() throws Exception {
        CallbackControl.prePatchReturn = -19;
        PatchException e = assertThrows(PatchException.class, () -> engine.load(demo()));
        assertTrue(e.getMessage().contains("pre-patch callback of object 'jvm'"), e.getMessage());
        assertEquals(List.of("livepatch: enabling patch '" + P + "'",
                lp(P, "initializing patching transition"),
                P + ": pre_patch_callback: jvm",
                "livepatch: pre-patch callback failed for object 'jvm'",
                "livepatch: failed to enable patch '" + P + "'",
                lp(P, "canceling patching transition, going to unpatch"),
                lp(P, "completing unpatching transition"),
                lp(P, "unpatching complete")), Scenario.messages(events));
        assertTrue(engine.status().patches().isEmpty());
        assertEquals(0, Dispatch.registeredCount(), "nothing was woven");
    }

    @Test
    void k13K14ABusyTargetDefersPostPatchAndAReversalRunsNoPreUnpatch() throws Exception {
        Future<Integer> blocked = pool.submit(Pair::block);
        assertTrue(Pair.entered.await(10, TimeUnit.SECONDS));
        engine.load(demo());
        engine.disable(P);
        Pair.gate.countDown();
        assertEquals(0, blocked.get(10, TimeUnit.SECONDS));
        Scenario.awaitIdle(engine, WAIT);
        assertEquals(Scenario.concat(List.of("livepatch: enabling patch '" + P + "'",
                lp(P, "initializing patching transition")), callbacks(P, "pre_patch"),
                List.of(lp(P, "starting patching transition"),
                        lp(P, "reversing transition from patching to unpatching"),
                        lp(P, "starting unpatching transition"),
                        lp(P, "completing unpatching transition")),
                callbacks(P, "post_unpatch"), List.of(lp(P, "unpatching complete"))),
                Scenario.messages(events));
    }

    @Test
    void k15StackedPatchesEachRunTheirOwnCallbacks() throws Exception {
        String p2 = "callbacks-demo2";
        engine.load(demo());
        engine.load(PatchJars.jar(dir, "demo2-stacked.jar", DEMO + "2Stacked",
                DEMO + "2Stacked$Jvm"));
        engine.disable(p2);
        Scenario.awaitIdle(engine, WAIT);
        engine.disable(P);
        Scenario.awaitIdle(engine, WAIT);
        assertEquals(Scenario.concat(enableBlock(),
                List.of("livepatch: enabling patch '" + p2 + "'",
                        lp(p2, "initializing patching transition"),
                        p2 + ": pre_patch_callback: jvm",
                        lp(p2, "starting patching transition"),
                        lp(p2, "completing patching transition"),
                        p2 + ": post_patch_callback: jvm", lp(p2, "patching complete"),
                        lp(p2, "initializing unpatching transition"),
                        p2 + ": pre_unpatch_callback: jvm",
                        lp(p2, "starting unpatching transition"),
                        lp(p2, "completing unpatching transition"),
                        p2 + ": post_unpatch_callback: jvm", lp(p2, "unpatching complete"),
                        lp(P, "initializing unpatching transition")),
                callbacks(P, "pre_unpatch"), List.of(lp(P, "starting unpatching transition"),
                        lp(P, "completing unpatching transition")),
                callbacks(P, "post_unpatch"), List.of(lp(P, "unpatching complete"))),
                Scenario.messages(events));
    }

    @Test
    void k16AReplacePatchRunsOnlyItsOwnCallbacks() throws Exception {
        engine.load(demo());
        engine.load(demo2());
        Scenario.awaitIdle(engine, WAIT);
        engine.disable("callbacks-demo2");
        Scenario.awaitIdle(engine, WAIT);
        String p2 = "callbacks-demo2";
        assertEquals(Scenario.concat(enableBlock(), List.of(
                "livepatch: enabling patch '" + p2 + "'",
                lp(p2, "initializing patching transition"),
                p2 + ": pre_patch_callback: jvm",
                lp(p2, "starting patching transition"),
                lp(p2, "completing patching transition"),
                p2 + ": post_patch_callback: jvm",
                lp(p2, "patching complete"),
                lp(p2, "initializing unpatching transition"),
                p2 + ": pre_unpatch_callback: jvm",
                lp(p2, "starting unpatching transition"),
                lp(p2, "completing unpatching transition"),
                p2 + ": post_unpatch_callback: jvm",
                lp(p2, "unpatching complete"))), Scenario.messages(events));
        Pair.gate.countDown();
        assertEquals(0, Pair.block(), "the replace patch's nop restored block()");
    }
}
