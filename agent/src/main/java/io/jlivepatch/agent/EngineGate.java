package io.jlivepatch.agent;

import io.jlivepatch.core.model.PatchException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one operation at a time into the engine on behalf of clients ({@code jlp} over the
 * control channel, JMX), and answers any other at once with {@code BUSY} naming the one that
 * runs, instead of queueing it behind the engine's lock (one blocked thread per client).
 *
 * <p>Thread safety: the lock admits one operation; {@link #running} is volatile.
 */
final class EngineGate {

    /** An engine operation that may be refused. */
    interface Operation<T> {
        /** @return its result */
        T run() throws PatchException;
    }

    private final ReentrantLock operation = new ReentrantLock();
    private volatile String running;
    private volatile long since;

    /**
     * @param what the operation, for the busy answer, for example {@code load of /p/fix.jar}
     * @param body the operation
     * @return its result
     * @throws PatchException ({@code BUSY}) at once if another operation runs, or what
     *     {@code body} threw
     */
    <T> T enter(String what, Operation<T> body) throws PatchException {
        if (!operation.tryLock()) {
            String other = running;
            throw new PatchException(PatchException.Kind.BUSY, "the engine is busy with "
                    + (other == null ? "another operation" : other) + " (for "
                    + Math.max(0, (System.nanoTime() - since) / 1_000_000_000L) + " s); try"
                    + " again when it has returned");
        }
        try {
            running = what;
            since = System.nanoTime();
            return body.run();
        } finally {
            running = null;
            operation.unlock();
        }
    }
}
