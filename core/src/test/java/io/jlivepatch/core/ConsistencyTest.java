package io.jlivepatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.fixture.Pair;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.status.EngineStatus;
import io.jlivepatch.core.testing.PatchJars;
import io.jlivepatch.core.testing.PluginLoader;
import io.jlivepatch.core.testing.Scenario;
import io.jlivepatch.core.testing.SelfAgent;
import io.jlivepatch.core.transition.Transition;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consistency torture test: {@code Pair.outer} passes its version to {@code Pair.inner}, and
 * every version of the pair checks that it gets its own. Platform threads, threads calling from
 * 1,500 frames deep and (JDK 21+) virtual threads call the pair in loops while hundreds of
 * transitions run: enable, stack, disable out of order, atomic replace with nops, reversal of
 * patching and of unpatching transitions, and forced transitions; in each round a copy of the
 * pair is defined by another class loader while a transition runs, and called in a loop until
 * the next copy arrives. The per-thread model must
 * never let a thread run one version's caller with another's callee, and no call may fail; a
 * forced transition gives up consistency by definition (the kernel's force), so mixes that start
 * while one is forced are counted apart, but a failing call never is. The same loop under the
 * switch-everyone-at-once model must see mixing, which shows that the test can fail.
 */
class ConsistencyTest {

    private static final int THREADS = 8;
    private static final int DEEP_THREADS = 2;
    private static final int VIRTUAL_THREADS = 4;
    private static final int DEPTH = 1_500;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<Thread> callers = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** What the callers threw: a patched call must never fail. */
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    /** Calls completed by each caller, to wait until every caller made progress. */
    private final List<AtomicLong> progress = new CopyOnWriteArrayList<>();
    /** Copies of the pair defined by other class loaders during transitions. */
    private final List<Class<?>> copies = new CopyOnWriteArrayList<>();
    /** Keeps the caller of the newest copy calling; one copy is called at a time. */
    private AtomicBoolean copyCalled = new AtomicBoolean();
    private AtomicLong copyProgress = new AtomicLong();
    /** Mixes counted while a transition was forced, where the kernel promises nothing. */
    private long forcedMixes;
    private Engine engine;
    private Path[] versions;

    @BeforeEach
    void start() throws Exception {
        versions = new Path[5];
        for (int v = 1; v <= 4; v++) {
            String p = "io.jlivepatch.core.fixture.patches.v" + v + ".PairV" + v;
            versions[v] = PatchJars.jar(dir, "v" + v + ".jar", p, p + "$PairPatch");
        }
        Pair.MIXED.set(0);
        Pair.CALLS.set(0);
        for (int i = 0; i < THREADS; i++) {
            Thread caller = new Thread(callLoop(0), "caller-" + i);
            caller.start();
            callers.add(caller);
        }
        for (int i = 0; i < DEEP_THREADS; i++) {
            Thread caller = new Thread(null, callLoop(DEPTH), "deep-caller-" + i, 1L << 24);
            caller.start();
            callers.add(caller);
        }
        if (Runtime.version().feature() >= 21) {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            java.lang.reflect.Method unstarted = Class.forName("java.lang.Thread$Builder")
                    .getMethod("unstarted", Runnable.class);
            for (int i = 0; i < VIRTUAL_THREADS; i++) {
                Thread caller = (Thread) unstarted.invoke(builder, callLoop(0));
                caller.start();
                callers.add(caller);
            }
        }
    }

    /** Calls the pair in a loop from {@code depth} frames down until the test stops. */
    private Runnable callLoop(int depth) {
        AtomicLong done = new AtomicLong();
        progress.add(done);
        return () -> {
            try {
                callFrom(depth, done);
            } catch (RuntimeException | Error e) {
                failures.add(e);
            }
        };
    }

    private void callFrom(int depth, AtomicLong done) {
        if (depth > 0) {
            callFrom(depth - 1, done);
            return;
        }
        callUntilStopped(Pair::outer, done, running);
    }

    private interface Call {
        void run() throws Throwable;
    }

    private void callUntilStopped(Call outer, AtomicLong done, AtomicBoolean keepCalling) {
        for (long calls = 1; running.get() && keepCalling.get(); calls++) {
            try {
                outer.run();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            done.incrementAndGet();
            if (calls % 500 == 0) {
                // Leaves the engine's thread some of the two cores CI has.
                LockSupport.parkNanos(200_000);
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        running.set(false);
        copyCalled.set(false);
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
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void noThreadEverRunsAMixOfVersions() throws Exception {
        engine = new Engine(SelfAgent.instrumentation(), new EventLog(100));
        int transitions = torture(18);
        long calls = count("CALLS");
        assertTrue(transitions >= 200, "ran " + transitions + " transitions");
        assertEquals(0, count("MIXED") - forcedMixes, "mixed executions in " + calls
                + " calls outside forced transitions (" + forcedMixes + " while forced), "
                + copies.size() + " copies of the pair arrived in other loaders");
        assertEquals(List.of(), failures, "calls that failed");
    }

    @Test
    void switchingEveryoneAtOnceMixesVersions() throws Exception {
        engine = new Engine(SelfAgent.instrumentation(), new EventLog(100),
                Transition.Model.IMMEDIATE);
        for (int round = 0; round < 60 && count("MIXED") == 0; round++) {
            torture(1);
        }
        assertTrue(count("MIXED") > 0, "the test detects mixing when consistency is off");
    }

    /** @return the number of transitions run */
    private int torture(int rounds) throws Exception {
        int transitions = 0;
        for (int round = 0; round < rounds; round++) {
            transitions += step(() -> engine.load(versions[1]));
            transitions += arrivingDuring(round % 2 == 0, () -> engine.load(versions[2]));
            transitions += arrivingDuring(round % 2 == 1, () -> engine.disable("pair-v1"));
            transitions += step(() -> engine.load(versions[3]));
            transitions += reverseWhileInTransition("pair-v3");
            transitions += step(() -> engine.disable("pair-v2"));
            transitions += disableIfLoaded("pair-v3");
            transitions += step(() -> engine.load(versions[1]));
            transitions += step(() -> engine.load(versions[4]));
            transitions += reverseWhileInTransition("pair-cumulative-4");
            if (loaded("pair-cumulative-4")) {
                transitions += reverseWhileInTransition("pair-cumulative-4");
            }
            transitions += disableIfLoaded("pair-cumulative-4");
            transitions += disableIfLoaded("pair-v1");
            transitions += loadReversingThePatching(versions[2], "pair-v2");
            transitions += disableIfLoaded("pair-v2");
            if (round % 5 == 0) {
                transitions += forcedLoad(versions[1]);
                transitions += disableIfLoaded("pair-v1");
            }
        }
        return transitions;
    }

    private int disableIfLoaded(String name) throws Exception {
        return loaded(name) ? step(() -> engine.disable(name)) : 0;
    }

    private boolean loaded(String name) {
        return engine.status().patches().stream().anyMatch(p -> p.name().equals(name));
    }

    /** Loads a patch, and if its transition is still running, disables it (reversal). */
    private int loadReversingThePatching(Path jar, String name) throws Exception {
        engine.load(jar);
        int transitions = 1;
        if (engine.status().transition() != null) {
            engine.disable(name);
            transitions++;
        }
        Scenario.awaitIdle(engine, WAIT);
        return transitions;
    }

    /**
     * Loads a patch and forces its patching transition if it is still running (a forced
     * unpatching transition would bar the name from this JVM). Mixes counted from the force
     * until every caller has completed two more calls are set apart.
     */
    private int forcedLoad(Path jar) throws Exception {
        long before = count("MIXED");
        engine.load(jar);
        if (engine.status().transition() != null) {
            try {
                engine.force();
            } catch (PatchException completedMeanwhile) {
                // The transition completed on its own between the status and the force.
            }
        }
        Scenario.awaitIdle(engine, WAIT);
        long[] marks = progress.stream().mapToLong(AtomicLong::get).toArray();
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int i = 0; i < marks.length; i++) {
            while (progress.get(i).get() < marks[i] + 2 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000);
            }
        }
        forcedMixes += count("MIXED") - before;
        return 1;
    }

    /** Disables a patch, and if its transition is still running, enables it again (reversal). */
    private int reverseWhileInTransition(String name) throws Exception {
        engine.disable(name);
        int transitions = 1;
        if (engine.status().transition() != null) {
            try {
                engine.enable(name);
                transitions++;
            } catch (PatchException e) {
                // Only the unpatching transition's completion, between the status read and the
                // reversal, may refuse it: then the patch is gone and nothing is in transition.
                assertEquals(PatchException.Kind.INVALID_STATE, e.kind(), e.getMessage());
                assertTrue(engine.status().patches().stream()
                        .noneMatch(p -> p.name().equals(name)), e.getMessage());
            }
        }
        Scenario.awaitIdle(engine, WAIT);
        return transitions;
    }

    /**
     * Runs an operation; if {@code arrive} and its transition is still running, another class
     * loader defines and initialises a copy of the pair, which a new caller then calls in a loop
     * until the next copy arrives.
     */
    private int arrivingDuring(boolean arrive, Operation operation) throws Exception {
        operation.run();
        if (arrive && engine.status().transition() != null) {
            PluginLoader loader = new PluginLoader("pairs-" + copies.size(),
                    Pair.class.getName());
            Class<?> copy = Class.forName(Pair.class.getName(), true, loader);
            copies.add(copy);
            MethodHandle outer = MethodHandles.publicLookup().findStatic(copy, "outer",
                    MethodType.methodType(int.class));
            copyCalled.set(false);
            progress.remove(copyProgress);
            AtomicBoolean called = new AtomicBoolean(true);
            AtomicLong done = new AtomicLong();
            copyCalled = called;
            copyProgress = done;
            progress.add(done);
            Thread caller = new Thread(() -> {
                try {
                    callUntilStopped(() -> {
                        int unused = (int) outer.invokeExact();
                    }, done, called);
                } catch (RuntimeException | Error e) {
                    failures.add(e);
                }
            }, "copy-caller-" + copies.size());
            caller.start();
            callers.add(caller);
        }
        Scenario.awaitIdle(engine, WAIT);
        return 1;
    }

    /** @return a counter of the pair summed over its copies in every loader */
    private long count(String counter) throws ReflectiveOperationException {
        long sum = ((AtomicLong) Pair.class.getField(counter).get(null)).get();
        for (Class<?> copy : copies) {
            sum += ((AtomicLong) copy.getField(counter).get(null)).get();
        }
        return sum;
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
