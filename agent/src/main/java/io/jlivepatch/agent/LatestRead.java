package io.jlivepatch.agent;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A read of the engine's state that never keeps its caller waiting on the engine's lock: the read
 * runs on a thread of its own, at most one at a time; a caller whose read does not come within
 * {@link #WAIT_MILLIS} (an operation holds the lock) gets the latest value read, marked as such.
 *
 * <p>Thread safety: {@link #read} synchronises on this object to start a read, not to wait.
 */
final class LatestRead<T> {

    /** What a caller gets: the value, and whether it is older than the engine's state. */
    record Answer<T>(T value, boolean stale) {
    }

    /** How long a caller waits for a fresh read before it is given the latest one. */
    static final long WAIT_MILLIS = 500;

    private final String name;
    private final Supplier<T> reader;
    private FutureTask<T> pending;
    private volatile T latest;

    /**
     * @param name the reading thread's name
     * @param reader reads the value, taking the engine's lock
     * @param initial the value before the first read
     */
    LatestRead(String name, Supplier<T> reader, T initial) {
        this.name = name;
        this.reader = reader;
        this.latest = initial;
    }

    /** @return a fresh value, or the latest one if the engine does not answer at once */
    Answer<T> read() {
        FutureTask<T> read;
        synchronized (this) {
            if (pending == null || pending.isDone()) {
                pending = new FutureTask<>(reader::get);
                Thread thread = new Thread(pending, name);
                thread.setDaemon(true);
                thread.start();
            }
            read = pending;
        }
        try {
            T value = read.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            latest = value;
            return new Answer<>(value, false);
        } catch (TimeoutException e) {
            return new Answer<>(latest, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer<>(latest, true);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
