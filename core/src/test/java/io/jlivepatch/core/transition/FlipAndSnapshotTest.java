package io.jlivepatch.core.transition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jlivepatch.core.Engine;
import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.fixture.Deep;
import io.jlivepatch.core.status.EngineStatus;
import io.jlivepatch.core.testing.PatchJars;
import io.jlivepatch.core.testing.Scenario;
import io.jlivepatch.core.testing.SelfAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two windows the consistency model must not be fooled by, forced deterministically: a thread
 * entering a changed function while the flip is published but not complete, and a changed
 * function deeper on a thread's stack than the JVM's snapshots of other threads show.
 */
class FlipAndSnapshotTest {

    private static final String PATCHES = "io.jlivepatch.core.fixture.patches.";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        engine = new Engine(SelfAgent.instrumentation(), new EventLog(1000));
    }

    @AfterEach
    void stop() throws Exception {
        Transition.flipWindow = () -> { };
        Scenario.disableAllAndClose(engine, WAIT);
    }

    private Path deepFix() throws Exception {
        return PatchJars.jar(dir, "deep.jar", PATCHES + "deep.DeepFix",
                PATCHES + "deep.DeepFix$DeepPatch");
    }

    @Test
    void aThreadEnteringAChangedFunctionBeforeTheFlipIsCompleteStaysOnThePreviousSide()
            throws Exception {
        // Initialised now: a class that arrived later would be patched under the engine's lock,
        // which the loading thread holds while it waits for the caller below.
        assertEquals(1, Deep.version());
        AtomicInteger ran = new AtomicInteger();
        Transition.flipWindow = () -> {
            Thread caller = new Thread(() -> ran.set(Deep.version()), "in-the-flip-window");
            caller.start();
            try {
                caller.join(WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        engine.load(deepFix());

        assertEquals(1, ran.get(), "a thread with a clean stack entering before the flip is"
                + " complete may still run code compiled with the old binding: it must not switch");
        awaitIdle();
        assertEquals(2, Deep.version());
    }

    @Test
    void aPlatformThreadDeepInsideAChangedFunctionIsNotSeenAsClean() throws Exception {
        CountDownLatch in = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread deep = new Thread(() -> Deep.enter(2_000, in, release), "deep");
        assertStaysPendingWhileDeep(deep, in, release);
    }

    @Test
    void aVirtualThreadDeepInsideAChangedFunctionIsNotSeenAsClean() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads");
        CountDownLatch in = new CountDownLatch(1);
        // Spinning, not parked: the stack of an unmounted virtual thread is read whole, that of
        // a mounted one through a handshake, which the JVM cuts at MaxJavaStackTraceDepth.
        CountDownLatch release = new CountDownLatch(1) {
            @Override
            public void await() {
                while (getCount() > 0) {
                    Thread.onSpinWait();
                }
            }
        };
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> builderType = Class.forName("java.lang.Thread$Builder");
        builder = builderType.getMethod("name", String.class).invoke(builder, "deep");
        Thread deep = (Thread) builderType.getMethod("unstarted", Runnable.class).invoke(builder,
                (Runnable) () -> Deep.enter(2_000, in, release));
        assertStaysPendingWhileDeep(deep, in, release);
    }

    private void assertStaysPendingWhileDeep(Thread deep, CountDownLatch in,
            CountDownLatch release) throws Exception {
        deep.start();
        in.await();
        try {
            engine.load(deepFix());
            EngineStatus.TransitionStatus transition = engine.status().transition();
            assertNotNull(transition, "Deep.enter is 2,000 frames below the top of 'deep': the"
                    + " transition cannot complete");
            assertTrue(transition.pendingThreads().stream().anyMatch(p -> p.name().equals("deep")),
                    transition.toString());
        } finally {
            release.countDown();
            deep.join();
        }
        awaitIdle();
        assertEquals(2, Deep.version());
    }

    private void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (engine.status().transition() != null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(null, engine.status().transition(), "the transition completes");
    }
}
