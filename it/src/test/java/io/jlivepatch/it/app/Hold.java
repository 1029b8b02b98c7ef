package io.jlivepatch.it.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a thread inside {@link Gate#pass} until released: the kernel self-tests' busy module,
 * which holds a task inside a patched function so that a transition stays open.
 */
public final class Hold {

    /** A hold that never holds: what the probes pass. */
    public static final Hold NONE = new Hold();

    static {
        NONE.release();
    }

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** Signals that the caller is inside, then waits until {@link #release()}. */
    public void await() {
        entered.countDown();
        boolean interrupted = false;
        while (true) {
            try {
                released.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param seconds how long to wait
     * @return whether a thread entered {@link #await()} in time
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitEntered(long seconds) throws InterruptedException {
        return entered.await(seconds, TimeUnit.SECONDS);
    }

    /** Lets the held thread go on. */
    void release() {
        released.countDown();
    }
}
