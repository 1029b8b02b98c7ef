package io.jlivepatch.bench.transition;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the calls one thread makes, for a driver that reads the count at the start and end of
 * a time window: the thread's cost per call is the window's length over the calls in it.
 */
public final class Meter {

    private final AtomicLong calls = new AtomicLong();
    private volatile boolean stop;
    /** Keeps the results alive, so the calls cannot be optimised away. */
    private volatile int sink;

    boolean report(int batch, int result) {
        calls.addAndGet(batch);
        sink = result;
        return !stop;
    }

    /** @return the calls counted so far */
    public long calls() {
        return calls.get();
    }

    /** Makes the loop return after its current batch. */
    public void stop() {
        stop = true;
    }
}
