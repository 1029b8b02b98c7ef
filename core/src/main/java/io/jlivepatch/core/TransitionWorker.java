package io.jlivepatch.core;

import java.util.function.BooleanSupplier;

/**
 * The background thread that retries completing a transition (the kernel's
 * {@code klp_transition_work}), much faster than the kernel's one second: after 1 ms, then
 * doubling to at most 50 ms between attempts, for as long as a transition is in progress.
 *
 * <p>Thread safety: {@link #retry} and {@link #stop} synchronise on the worker; the attempts
 * themselves take the engine's lock.
 */
final class TransitionWorker {

    private static final long FIRST_DELAY_NANOS = 1_000_000L;
    private static final long MAX_DELAY_NANOS = 50_000_000L;

    private final BooleanSupplier attempt;
    private Thread thread;
    private boolean restart;
    private boolean stopped;

    /** @param attempt one attempt to complete; answers whether no transition remains */
    TransitionWorker(BooleanSupplier attempt) {
        this.attempt = attempt;
    }

    /** Makes sure an attempt comes soon, starting the thread if it is not running. */
    synchronized void retry() {
        if (stopped) {
            return;
        }
        restart = true;
        if (thread == null) {
            thread = new Thread(this::run, "jlivepatch-transition");
            thread.setDaemon(true);
            thread.start();
        } else {
            notifyAll();
        }
    }

    /** Stops the thread; no more attempts. */
    synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    private void run() {
        long delay = FIRST_DELAY_NANOS;
        while (true) {
            synchronized (this) {
                if (restart) {
                    delay = FIRST_DELAY_NANOS;
                    restart = false;
                }
                long deadline = System.nanoTime() + delay;
                long left;
                while (!stopped && !restart && (left = deadline - System.nanoTime()) > 0) {
                    try {
                        wait(left / 1_000_000L, (int) (left % 1_000_000L));
                    } catch (InterruptedException e) {
                        stopped = true;
                    }
                }
                if (stopped) {
                    thread = null;
                    return;
                }
                if (restart) {
                    continue;
                }
            }
            boolean done = attempt.getAsBoolean();
            synchronized (this) {
                if (done && !restart) {
                    thread = null;
                    return;
                }
            }
            delay = Math.min(delay * 2, MAX_DELAY_NANOS);
        }
    }
}
