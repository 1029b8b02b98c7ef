package io.jlivepatch.core.testing;

import io.jlivepatch.core.Engine;
import io.jlivepatch.core.events.Event;
import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.status.EngineStatus;
import io.jlivepatch.dispatch.Dispatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The kernel self-tests' vocabulary: expected event blocks, and waiting for transitions. */
public final class Scenario {

    private Scenario() {
    }

    /** @return the kernel's lines for enabling a patch whose transition completes at once */
    public static List<String> patching(String name) {
        return List.of("livepatch: enabling patch '" + name + "'",
                "livepatch: '" + name + "': initializing patching transition",
                "livepatch: '" + name + "': starting patching transition",
                "livepatch: '" + name + "': completing patching transition",
                "livepatch: '" + name + "': patching complete");
    }

    /** @return the kernel's lines for disabling a patch whose transition completes at once */
    public static List<String> unpatching(String name) {
        return List.of("livepatch: '" + name + "': initializing unpatching transition",
                "livepatch: '" + name + "': starting unpatching transition",
                "livepatch: '" + name + "': completing unpatching transition",
                "livepatch: '" + name + "': unpatching complete");
    }

    /** @return the lists joined in order */
    @SafeVarargs
    public static List<String> concat(List<String>... blocks) {
        List<String> all = new ArrayList<>();
        for (List<String> block : blocks) {
            all.addAll(block);
        }
        return all;
    }

    /** @return every message of the log, oldest first */
    public static List<String> messages(EventLog events) {
        return events.since(0).stream().map(Event::message).toList();
    }

    /**
     * Waits until no transition is in progress.
     *
     * @throws AssertionError if one is still in progress after the timeout
     */
    public static void awaitIdle(Engine engine, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (engine.status().transition() != null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("transition still in progress after " + timeout + ": "
                        + engine.status().transition());
            }
            Thread.sleep(1);
        }
    }

    /**
     * A test's end: lets a transition in progress complete, disables every patch left (each
     * transition waited for), closes the engine and checks that no woven method stays behind.
     *
     * @throws AssertionError if a transition does not complete in time or a method stays woven
     */
    public static void disableAllAndClose(Engine engine, Duration timeout) throws Exception {
        awaitIdle(engine, timeout);
        for (EngineStatus.PatchStatus patch : engine.status().patches()) {
            engine.disable(patch.name());
            awaitIdle(engine, timeout);
        }
        engine.close();
        if (Dispatch.registeredCount() != 0) {
            throw new AssertionError("no woven method left behind: "
                    + Dispatch.registeredCount() + " still registered");
        }
    }

    /**
     * Waits until the garbage collector has cleared a reference, asking it to run.
     *
     * @throws AssertionError if something still holds the referent after the timeout
     */
    public static void awaitCollected(java.lang.ref.Reference<?> reference, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (reference.get() != null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still reachable after " + timeout + ": "
                        + reference.get());
            }
            System.gc();
            Thread.sleep(10);
        }
    }

    /**
     * Waits until the log has a message.
     *
     * @throws AssertionError if it has not after the timeout
     */
    public static void awaitEvent(EventLog events, String message, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!messages(events).contains(message)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no event '" + message + "' after " + timeout + ": "
                        + messages(events));
            }
            Thread.sleep(5);
        }
    }
}
