package io.jlivepatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.model.PatchException;
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
import org.objectweb.asm.Opcodes;

/**
 * The consistency model on a class file of Java 6, woven as one of Java 7: threads call a copy
 * of {@code Pair} defined as version 50 while patches that replace both of its functions are
 * loaded, stacked, replaced, disabled and reversed; no thread may run one version's caller with
 * another's callee, and no call may fail. Under the switch-everyone-at-once model the same loop
 * must see mixing, which shows that the check can fail.
 */
class Java6ConsistencyTest {

    private static final String PAIR = "io.jlivepatch.core.fixture.Pair";
    private static final int THREADS = 6;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<Thread> callers = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private Engine engine;
    private Path[] versions;
    private AtomicLong mixed;
    private AtomicLong calls;

    @BeforeEach
    void start() throws Exception {
        versions = new Path[5];
        for (int v = 1; v <= 4; v++) {
            String p = "io.jlivepatch.core.fixture.patches.v" + v + ".PairV" + v;
            versions[v] = PatchJars.jar(dir, "v" + v + ".jar", p, p + "$PairPatch");
        }
        Class<?> pair = new PluginLoader("java6", PAIR, Opcodes.V1_6).loadClass(PAIR);
        mixed = (AtomicLong) pair.getField("MIXED").get(null);
        calls = (AtomicLong) pair.getField("CALLS").get(null);
        MethodHandle outer = MethodHandles.publicLookup().findStatic(pair, "outer",
                MethodType.methodType(int.class));
        for (int i = 0; i < THREADS; i++) {
            Thread caller = new Thread(() -> callLoop(outer), "java6-caller-" + i);
            caller.start();
            callers.add(caller);
        }
    }

    private void callLoop(MethodHandle outer) {
        try {
            for (long n = 1; running.get(); n++) {
                int version = (int) outer.invokeExact();
                if (n % 500 == 0) {
                    LockSupport.parkNanos(200_000);
                }
            }
        } catch (Throwable e) {
            failures.add(e);
        }
    }

    @AfterEach
    void stop() throws Exception {
        running.set(false);
        for (Thread caller : callers) {
            caller.join(10_000);
        }
        Scenario.disableAllAndClose(engine, WAIT);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void noThreadRunsAMixOfVersionsInAJava6Class() throws Exception {
        engine = new Engine(SelfAgent.instrumentation(), new EventLog(100));
        int transitions = 0;
        for (int round = 0; round < 8; round++) {
            transitions += rounds();
        }
        assertTrue(transitions >= 60, "ran " + transitions + " transitions");
        assertEquals(0, mixed.get(), "mixed executions in " + calls.get() + " calls");
        assertEquals(List.of(), failures, "calls that failed");
    }

    @Test
    void switchingEveryoneAtOnceMixesVersionsInAJava6Class() throws Exception {
        engine = new Engine(SelfAgent.instrumentation(), new EventLog(100),
                Transition.Model.IMMEDIATE);
        for (int round = 0; round < 60 && mixed.get() == 0; round++) {
            rounds();
        }
        assertTrue(mixed.get() > 0, "the check detects mixing when consistency is off");
    }

    /** @return the number of transitions run */
    private int rounds() throws Exception {
        int transitions = step(() -> engine.load(versions[1]));
        transitions += step(() -> engine.load(versions[2]));
        transitions += step(() -> engine.disable("pair-v1"));
        transitions += step(() -> engine.load(versions[3]));
        transitions += reverse("pair-v3");
        transitions += step(() -> engine.load(versions[4]));
        transitions += reverse("pair-cumulative-4");
        for (String name : List.of("pair-cumulative-4", "pair-v3", "pair-v2")) {
            if (engine.status().patches().stream().anyMatch(p -> p.name().equals(name))) {
                transitions += step(() -> engine.disable(name));
            }
        }
        return transitions;
    }

    /** Disables a patch, and enables it again if its transition is still running. */
    private int reverse(String name) throws Exception {
        if (engine.status().patches().stream().noneMatch(p -> p.name().equals(name))) {
            return 0;
        }
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
