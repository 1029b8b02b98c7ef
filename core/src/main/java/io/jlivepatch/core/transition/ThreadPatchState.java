package io.jlivepatch.core.transition;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread's patch state (the kernel's {@code task->patch_state} with
 * {@code TIF_PATCH_PENDING}), packed in one atomic word so that the thread's own entries and the
 * worker's switches are ordered by compare-and-set:
 * <pre>
 *   bits 63..32  the sequence number of the transition the state belongs to
 *   bits 31..1   an entry counter, bumped by the thread at every entry of a changed function
 *   bit  0       the side: 0 runs the implementations before the transition, 1 those after it
 * </pre>
 * A word whose sequence is not the current transition's means "no state for this transition":
 * the thread has not entered a changed function since it started and was not switched by the
 * worker yet.
 */
final class ThreadPatchState {

    private static final long COUNTER_MASK = 0xFFFF_FFFEL;

    final Thread thread;
    final AtomicLong word = new AtomicLong();
    /**
     * Self-check backoff, touched only by the thread itself: the entry count at which it walks
     * its stack next, and the current spacing of walks.
     */
    long walkAt;
    int walkGap;
    /** Whether the thread is inside its own decision of an entry; touched only by itself. */
    boolean deciding;

    /**
     * What the thread's latest walk of its own stack found blocking it ({@code Class.method}),
     * {@code null} if none: written by the thread, read by the worker for the pending list.
     */
    volatile String blockedIn;
    /** How many times the thread walked its own stack: written by the thread, read by the worker. */
    volatile int walks;
    /** {@link #walks} as the worker read it in its previous round; touched only by the worker. */
    int walksSeenByWorker;

    ThreadPatchState(Thread thread) {
        this.thread = thread;
    }

    static long make(int sequence, long counterBits, int side) {
        return ((long) sequence << 32) | (counterBits & COUNTER_MASK) | side;
    }

    static int sequence(long word) {
        return (int) (word >>> 32);
    }

    static int side(long word) {
        return (int) (word & 1);
    }

    static long counter(long word) {
        return (word & COUNTER_MASK) >>> 1;
    }

    /** The same word with the counter advanced by one, wrapping within its bits. */
    static long bump(long word) {
        return (word & ~COUNTER_MASK) | ((word + 2) & COUNTER_MASK);
    }

    static long withSide(long word, int side) {
        return (word & ~1L) | side;
    }
}
