package io.jlivepatch.core.transition;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which threads exist and what is on their stacks, for the transition's checks of other
 * threads.
 *
 * <p>A snapshot is used only if it is complete. On JDK 21 and later, {@code getStackTrace} of
 * another thread (a handshake) returns at most {@code MaxJavaStackTraceDepth} frames, so a
 * thread deeper than that inside a changed function would look clean; {@code getAllStackTraces}
 * (a safepoint) returns whole stacks. A platform thread whose snapshot reaches the limit is
 * therefore taken again from a whole-JVM snapshot; a virtual thread, which that does not list,
 * is reported as not visible: it switches itself at its next entry of a changed function,
 * where it walks its own stack whole.
 */
final class ThreadSnapshots {

    /** Above this many threads to check, JDK 17 takes one snapshot of all threads. */
    private static final int BULK_SNAPSHOT = 2;
    private static final int BULK_SNAPSHOT_HANDSHAKES = 16;
    private static final int DEPTH_LIMIT = depthLimit();

    private ThreadSnapshots() {
    }

    /**
     * Stacks of the given threads. Before JDK 21 each snapshot of another thread is a safepoint
     * of the whole JVM, so more than {@value #BULK_SNAPSHOT} threads are taken in one
     * {@code getAllStackTraces}. On JDK 21 and later each is a handshake with one thread, which
     * waits until that thread runs; with many runnable threads on few cores, hundreds of those
     * cost far more than one safepoint, so above {@value #BULK_SNAPSHOT_HANDSHAKES} threads the
     * platform threads are taken in one too. Virtual threads are always taken one by one:
     * {@code getAllStackTraces} does not list them.
     *
     * @return each thread's whole stack (empty if it ended), or {@code null} for a thread whose
     *     whole stack cannot be seen
     */
    static Map<Thread, StackTraceElement[]> of(Collection<Thread> threads) {
        Map<Thread, StackTraceElement[]> stacks = new IdentityHashMap<>();
        long platform = threads.stream().filter(t -> !ThreadDump.isVirtual(t)).count();
        int threshold = Runtime.version().feature() < 21 ? BULK_SNAPSHOT
                : BULK_SNAPSHOT_HANDSHAKES;
        Map<Thread, StackTraceElement[]> all = platform > threshold ? Thread.getAllStackTraces()
                : null;
        for (Thread thread : threads) {
            boolean virtual = ThreadDump.isVirtual(thread);
            StackTraceElement[] stack;
            if (all != null && !virtual) {
                stack = all.get(thread);
            } else {
                stack = thread.getStackTrace();
                if (mayBeTruncated(stack)) {
                    if (virtual) {
                        stacks.put(thread, null);
                        continue;
                    }
                    if (all == null) {
                        all = Thread.getAllStackTraces();
                    }
                    stack = all.get(thread);
                }
            }
            stacks.put(thread, stack == null ? new StackTraceElement[0] : stack);
        }
        return stacks;
    }

    /**
     * @param stack a snapshot taken with {@code Thread.getStackTrace}
     * @return whether the JVM may have left frames out of it
     */
    static boolean mayBeTruncated(StackTraceElement[] stack) {
        return DEPTH_LIMIT > 0 && stack.length >= DEPTH_LIMIT
                && Runtime.version().feature() >= 21;
    }

    /** @return every live platform thread, and every virtual thread that has a patch state */
    static List<Thread> liveThreads() {
        List<Thread> threads = platformThreads();
        Map<Thread, Boolean> listed = new IdentityHashMap<>();
        threads.forEach(t -> listed.put(t, Boolean.TRUE));
        for (ThreadPatchState state : ThreadStates.live()) {
            if (!listed.containsKey(state.thread)) {
                threads.add(state.thread);
            }
        }
        return threads;
    }

    static List<Thread> platformThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() * 2 + 16];
        int count;
        while ((count = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        List<Thread> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(threads[i]);
        }
        return list;
    }

    /** {@code MaxJavaStackTraceDepth}, read from the JVM; its default if it cannot be read. */
    private static int depthLimit() {
        try {
            return Integer.parseInt(ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("MaxJavaStackTraceDepth").getValue());
        } catch (RuntimeException | LinkageError e) {
            return 1024;
        }
    }
}
