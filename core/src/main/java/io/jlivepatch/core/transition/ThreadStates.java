package io.jlivepatch.core.transition;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The patch state of every thread that has one: the thread itself reaches its own through a
 * thread-local, the worker reaches all through the registry. Both see the same object, created
 * once per thread. Entries of dead threads are dropped by {@link #live()}.
 */
final class ThreadStates {

    private static final ConcurrentHashMap<Thread, ThreadPatchState> REGISTRY =
            new ConcurrentHashMap<>();
    private static final ThreadLocal<ThreadPatchState> CURRENT =
            ThreadLocal.withInitial(() -> of(Thread.currentThread()));

    private ThreadStates() {
    }

    static ThreadPatchState current() {
        return CURRENT.get();
    }

    static ThreadPatchState of(Thread thread) {
        return REGISTRY.computeIfAbsent(thread, ThreadPatchState::new);
    }

    /** @return the states of live threads that have one; drops those of dead threads */
    static List<ThreadPatchState> live() {
        List<ThreadPatchState> live = new ArrayList<>();
        REGISTRY.values().removeIf(state -> !state.thread.isAlive());
        live.addAll(REGISTRY.values());
        return live;
    }
}
