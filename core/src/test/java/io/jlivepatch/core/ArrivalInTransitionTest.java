package io.jlivepatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.fixture.Pair;
import io.jlivepatch.core.testing.PatchJars;
import io.jlivepatch.core.testing.PluginLoader;
import io.jlivepatch.core.testing.Scenario;
import io.jlivepatch.core.testing.SelfAgent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target class defined by another class loader while a transition runs (the kernel's module
 * coming during a transition) takes part in the transition: a thread not yet switched runs its
 * previous implementations there too, a switched one the new ones, never old code in one copy
 * of a class and new code in another.
 */
class ArrivalInTransitionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String V1 = "io.jlivepatch.core.fixture.patches.v1.PairV1";

    @TempDir
    Path dir;

    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        engine = new Engine(SelfAgent.instrumentation(), new EventLog(1000));
    }

    @AfterEach
    void stop() throws Exception {
        Pair.gate = new CountDownLatch(0);
        Scenario.disableAllAndClose(engine, WAIT);
    }

    private static int outerOf(PluginLoader loader) throws Throwable {
        return (int) MethodHandles.publicLookup().findStatic(
                loader.loadClass(Pair.class.getName()), "outer",
                MethodType.methodType(int.class)).invoke();
    }

    @Test
    void aThreadNotYetSwitchedRunsThePreviousVersionOfAClassArrivingInAnotherLoader()
            throws Exception {
        PluginLoader pairs = new PluginLoader("pairs", Pair.class.getName());
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch called = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Object> inTheCopy = new CopyOnWriteArrayList<>();
        // The caller waits inside Pair.block, a function the patch changes: it stays on the
        // previous side for the whole transition. From there it makes the copy arrive.
        Pair.entered = new CountDownLatch(1);
        Pair.gate = new CountDownLatch(1) {
            @Override
            public void await() throws InterruptedException {
                go.await();
                try {
                    inTheCopy.add(outerOf(pairs));
                } catch (Throwable t) {
                    inTheCopy.add(t);
                }
                called.countDown();
                release.await();
            }
        };
        Thread caller = new Thread(() -> {
            try {
                Pair.block();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "caller");
        caller.start();
        Pair.entered.await();
        try {
            engine.load(PatchJars.jar(dir, "v1.jar", V1, V1 + "$PairPatch"));
            assertNotNull(engine.status().transition(), "the caller keeps the transition open");
            go.countDown();
            called.await();
            assertEquals(List.of(0), inTheCopy, "the caller is not switched: the copy runs the"
                    + " original for it, as Pair does");
            int[] fresh = new int[1];
            Thread created = new Thread(() -> {
                try {
                    fresh[0] = outerOf(pairs);
                } catch (Throwable t) {
                    fresh[0] = -1;
                }
            });
            created.start();
            created.join();
            assertEquals(1, fresh[0], "a thread created during the transition runs the patch");
        } finally {
            go.countDown();
            release.countDown();
            caller.join();
        }
        Scenario.awaitIdle(engine, WAIT);
        assertEquals(null, engine.status().transition());
        try {
            assertEquals(1, outerOf(pairs), "after the transition everyone runs the patch");
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
