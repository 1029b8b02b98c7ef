package io.jlivepatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.fixture.Pair;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.status.EngineStatus;
import io.jlivepatch.core.testing.PatchJars;
import io.jlivepatch.core.testing.Scenario;
import io.jlivepatch.core.testing.SelfAgent;
import io.jlivepatch.core.transition.Transition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consistency torture test: {@code Pair.outer} passes its version to {@code Pair.inner}, and
 * every version of the pair checks that it gets its own. Many threads call the pair in loops
 * while hundreds of transitions (enable, stack, disable out of order, reverse) run; the
 * per-thread model must never let a thread run one version's caller with another's callee. The
 * same loop under the switch-everyone-at-once model must see mixing, which shows that the test
 * can fail.
 */
class ConsistencyTest {

    private static final int THREADS = 12;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<Thread> callers = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** What the callers threw: a patched call must never fail. */
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private Engine engine;
    private Path[] versions;

    @BeforeEach
    void start() throws Exception {
        versions = new Path[4];
        for (int v = 1; v <= 3; v++) {
            String p = "io.jlivepatch.core.fixture.patches.v" + v + ".PairV" + v;
            versions[v] = PatchJars.jar(dir, "v" + v + ".jar", p, p + "$PairPatch");
        }
        Pair.MIXED.set(0);
        for (int i = 0; i < THREADS; i++) {
            Thread caller = new Thread(() -> {
                try {
                    for (long calls = 1; running.get(); calls++) {
                        Pair.outer();
                        if (calls % 500 == 0) {
                            // Leaves the engine's thread some of the two cores CI has.
                            LockSupport.parkNanos(200_000);
                        }
                    }
                } catch (RuntimeException | Error e) {
                    failures.add(e);
                }
            }, "caller-" + i);
            caller.start();
            callers.add(caller);
        }
    }

    @AfterEach
    void stop() throws Exception {
        running.set(false);
        for (Thread caller : callers) {
            caller.join(10_000);
        }
        Scenario.awaitIdle(engine, WAIT);
        for (EngineStatus.PatchStatus patch : engine.status().patches()) {
            engine.disable(patch.name());
            Scenario.awaitIdle(engine, WAIT);
        }
        engine.close();
    }

    @Test
    void noThreadEverRunsAMixOfVersions() throws Exception {
        engine = new Engine(SelfAgent.instrumentation(), new EventLog(100));
        int transitions = torture(40);
        long calls = Pair.CALLS.get();
        assertTrue(transitions >= 300, "ran " + transitions + " transitions");
        assertEquals(0, Pair.MIXED.get(), "mixed executions in " + calls + " calls");
        assertEquals(List.of(), failures, "calls that failed");
    }

    @Test
    void switchingEveryoneAtOnceMixesVersions() throws Exception {
        engine = new Engine(SelfAgent.instrumentation(), new EventLog(100),
                Transition.Model.IMMEDIATE);
        for (int round = 0; round < 60 && Pair.MIXED.get() == 0; round++) {
            torture(1);
        }
        assertTrue(Pair.MIXED.get() > 0, "the test detects mixing when consistency is off");
    }

    /** @return the number of transitions run */
    private int torture(int rounds) throws Exception {
        int transitions = 0;
        for (int round = 0; round < rounds; round++) {
            transitions += step(() -> engine.load(versions[1]));
            transitions += step(() -> engine.load(versions[2]));
            transitions += step(() -> engine.disable("pair-v1"));
            transitions += step(() -> engine.load(versions[3]));
            transitions += reverseWhileInTransition("pair-v3");
            transitions += step(() -> engine.disable("pair-v2"));
            if (engine.status().patches().stream().anyMatch(p -> p.name().equals("pair-v3"))) {
                transitions += step(() -> engine.disable("pair-v3"));
            }
        }
        return transitions;
    }

    /** Disables a patch, and if its transition is still running, enables it again (reversal). */
    private int reverseWhileInTransition(String name) throws Exception {
        engine.disable(name);
        int transitions = 1;
        if (engine.status().transition() != null) {
            engine.enable(name);
            transitions++;
        }
        Scenario.awaitIdle(engine, WAIT);
        return transitions;
    }

    private int step(Operation operation) throws Exception {
        operation.run();
        Scenario.awaitIdle(engine, WAIT);
        return 1;
    }

    private interface Operation {
        void run() throws PatchException;
    }
}
