package io.jlivepatch.core.transition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jlivepatch.core.Engine;
import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.fixture.Deep;
import io.jlivepatch.core.testing.PatchJars;
import io.jlivepatch.core.testing.Scenario;
import io.jlivepatch.core.testing.SelfAgent;
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
 * A changed function called by the decision itself, as a patched {@code java.base} method that
 * the self-check uses ({@code StackWalker}, streams, {@code ThreadLocalRandom}) would be: the
 * test hook {@link Transition#selfCheck} calls one inside the thread's own stack walk.
 */
class ReentranceTest {

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
        Transition.selfCheck = () -> { };
        Scenario.disableAllAndClose(engine, WAIT);
    }

    @Test
    void aChangedFunctionCalledDuringTheSelfCheckRunsOnceOnTheThreadsSideAndDoesNotRecurse()
            throws Exception {
        assertEquals(1, Deep.version());
        CountDownLatch in = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch asked = new CountDownLatch(1);
        List<Integer> duringCheck = new CopyOnWriteArrayList<>();
        List<Object> outer = new CopyOnWriteArrayList<>();
        // Deep.enter on its stack keeps the thread on the previous side, so the worker never
        // switches it; at the bottom it enters Deep.version, whose decision walks its stack.
        CountDownLatch release = new CountDownLatch(1) {
            @Override
            public void await() throws InterruptedException {
                go.await();
                try {
                    outer.add(Deep.version());
                } catch (Throwable t) {
                    outer.add(t);
                }
                asked.countDown();
                super.await();
            }
        };
        Thread caller = new Thread(() -> Deep.enter(10, in, release), "caller");
        caller.start();
        in.await();
        try {
            engine.load(PatchJars.jar(dir, "deep.jar", PATCHES + "deep.DeepFix",
                    PATCHES + "deep.DeepFix$DeepPatch"));
            assertNotNull(engine.status().transition(), "the caller keeps it open");
            Transition.selfCheck = () -> duringCheck.add(Deep.version());
            go.countDown();
            asked.await();
            Transition.selfCheck = () -> { };

            assertEquals(List.of(1), outer, "Deep.enter is on the caller's stack: it stays on"
                    + " the previous side, without an error");
            assertEquals(List.of(1), duringCheck, "the nested call ran once, on the caller's"
                    + " side");
        } finally {
            Transition.selfCheck = () -> { };
            go.countDown();
            release.countDown();
            caller.join();
        }
        Scenario.awaitIdle(engine, WAIT);
        assertEquals(null, engine.status().transition(), "the transition completes");
        assertEquals(2, Deep.version());
    }
}
