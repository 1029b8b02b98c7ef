package io.jlivepatch.core.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.Engine;
import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.fixture.Traced;
import io.jlivepatch.core.testing.PatchJars;
import io.jlivepatch.core.testing.Scenario;
import io.jlivepatch.core.testing.SelfAgent;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code jlivepatch-reweave} thread, which weaves a class again after another agent
 * retransformed it, racing transitions that change the class's plan. Deterministic: the test
 * holds the reweave before it takes the weaver's lock, runs a whole transition, then lets it go;
 * the reweave must weave the plan the transition left, not the one it was scheduled with. And a
 * stress run of both at once, with a caller that must never see the patch lapse.
 */
class ReweaveRaceTest {

    private static final String PATCHES = "io.jlivepatch.core.fixture.patches.traced.";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Instrumentation instrumentation;
    private final AdviceAhead ahead = new AdviceAhead();
    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        instrumentation = SelfAgent.instrumentation();
        instrumentation.addTransformer(ahead, true);
        instrumentation.retransformClasses(Traced.class);
        engine = new Engine(instrumentation, new EventLog(1000));
    }

    @AfterEach
    void stop() throws Exception {
        ClassWeaver.reweaveHook = ClassWeaver.ReweaveHook.NONE;
        Scenario.disableAllAndClose(engine, WAIT);
        instrumentation.removeTransformer(ahead);
        instrumentation.retransformClasses(Traced.class);
    }

    private Path first() throws Exception {
        return PatchJars.jar(dir, "first.jar", PATCHES + "TracedFirstFix",
                PATCHES + "TracedFirstFix$TracedPatch");
    }

    private Path second() throws Exception {
        return PatchJars.jar(dir, "second.jar", PATCHES + "TracedSecondFix",
                PATCHES + "TracedSecondFix$TracedPatch");
    }

    @Test
    void aReweaveHeldBehindATransitionWeavesThePlanTheTransitionLeft() throws Exception {
        engine.load(first());
        Scenario.awaitIdle(engine, WAIT);
        assertEquals("first patched", Traced.first());
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        ClassWeaver.reweaveHook = new ClassWeaver.ReweaveHook() {
            @Override
            public void beforeLock(Class<?> target) {
                reached.countDown();
                await(release);
            }

            @Override
            public void done(Class<?> target) {
                done.countDown();
            }
        };

        ahead.advice = "two";
        instrumentation.retransformClasses(Traced.class);
        assertTrue(reached.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the reweave is scheduled");
        assertEquals("first patched", Traced.first(), "the patch stays while the reweave waits");

        engine.load(second());
        Scenario.awaitIdle(engine, WAIT);
        release.countDown();
        assertTrue(done.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the reweave ran");

        assertEquals("first patched", Traced.first());
        assertEquals("second patched", Traced.second(),
                "the reweave wove the plan the transition left");
        int before = Traced.adviceTwo;
        Traced.first();
        Traced.second();
        assertEquals(before + 2, Traced.adviceTwo, "the other agent's new advice wraps both");
    }

    @Test
    void retransformationsByAnotherAgentDuringTransitionsNeverLetThePatchLapse()
            throws Exception {
        engine.load(first());
        Scenario.awaitIdle(engine, WAIT);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<String> lapse = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            while (running.get()) {
                String answer = Traced.first();
                if (!answer.equals("first patched")) {
                    lapse.compareAndSet(null, answer);
                }
            }
        }, "caller");
        Thread agent = new Thread(() -> {
            try {
                for (int i = 0; running.get(); i++) {
                    ahead.advice = i % 2 == 0 ? "two" : "one";
                    instrumentation.retransformClasses(Traced.class);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "other agent");
        caller.start();
        agent.start();
        try {
            for (int round = 0; round < 10; round++) {
                engine.load(second());
                if (round % 3 == 2) {
                    engine.disable("traced-second");
                } else {
                    Scenario.awaitIdle(engine, WAIT);
                    engine.disable("traced-second");
                }
                Scenario.awaitIdle(engine, WAIT);
            }
        } finally {
            running.set(false);
            caller.join(WAIT.toMillis());
            agent.join(WAIT.toMillis());
        }
        assertEquals(null, failure.get());
        assertEquals(null, lapse.get(), "the patch never lapsed");

        String last = "one".equals(ahead.advice) ? "two" : "one";
        ahead.advice = last;
        instrumentation.retransformClasses(Traced.class);
        assertEquals("first patched", Traced.first());
        assertEquals("second", Traced.second(), "the disabled patch left no prologue in effect");
        assertTrue(awaitAdvice(last), "the other agent's last advice takes effect");
        assertEquals("first patched", Traced.first());
    }

    /** Waits until a call of {@code first} runs the given advice (once the reweave ran). */
    private static boolean awaitAdvice(String advice) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            int before = advice.equals("one") ? Traced.adviceOne : Traced.adviceTwo;
            Traced.first();
            if ((advice.equals("one") ? Traced.adviceOne : Traced.adviceTwo) == before + 1) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
