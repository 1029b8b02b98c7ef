package io.jlivepatch.core.transition;

import io.jlivepatch.core.redirect.FuncStack;
import io.jlivepatch.dispatch.DispatchControl;
import io.jlivepatch.dispatch.FuncSite;
import io.jlivepatch.dispatch.TransitionPolicy;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One transition (the kernel's transition.c): the set of functions whose implementation
 * changes, the per-thread consistency model that moves threads from the implementations before
 * it (side 0) to those after it (side 1), and when it is complete.
 *
 * <p>A thread switches only when no function of the set is on its stack, in three ways:
 * <ul>
 * <li><b>self-switch</b>: at the entry of a changed function (the prologue's one decision) a
 *     thread not yet switched walks its own stack, which is race-free; a thread that keeps
 *     entering while blocked walks at random entries within a window that doubles up to
 *     {@value #MAX_WALK_GAP} entries;</li>
 * <li><b>worker</b>: {@link #trySwitchAll} takes a snapshot of each thread not yet switched that
 *     did not walk its own stack since the worker's previous round (threads that did are left to
 *     switch themselves, see {@link #switchesItself}) and switches it if the snapshot is
 *     clean;</li>
 * <li><b>new threads</b>, created after the transition started, start switched.</li>
 * </ul>
 *
 * <p>Why the worker's switch is safe: a thread bumps the counter of its state word (a
 * compare-and-set, see {@link ThreadPatchState}) at every entry of a changed function, before it
 * runs the body it chose. The worker reads the word, then takes the snapshot, then switches by a
 * compare-and-set from the word it read. If the thread entered a changed function after the read,
 * the counter moved and the switch fails; if it entered before the snapshot and is still inside,
 * the snapshot shows the function's frame. So a thread is switched by the worker only if, at the
 * moment of the switch, it had not entered any changed function since a snapshot that showed none
 * on its stack. Switched threads bump too, because a reversal turns them into threads to switch.
 *
 * <p>Ordering: no thread is switched, and the new-thread threshold is not taken, until
 * {@link DispatchControl#startTransition} has returned, which is when the flip is complete: no code
 * compiled with the steady bindings built in runs any more. Before that a thread may run such
 * code between two transitional entries (on HotSpot 21+ the flip is visible at run time before
 * that code is invalidated); every thread is on side 0 then, which is what that code runs. So no
 * switched thread can enter a function through an old constant binding, and no thread that
 * entered a changed function before the flip counts as new. See {@code docs/design-notes.md},
 * "The consistency model, proven", for the invariants completion relies on.
 *
 * <p>Locking: {@link #switched} runs on application threads without locks. Everything else is
 * called under the engine's lock.
 */
public final class Transition implements TransitionPolicy {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final int MAX_WALK_GAP = 8192;
    private static final int UNKNOWN = 0;
    private static final int CLEAN = 1;
    private static final int BLOCKED = 2;

    /** How threads move to the target side. */
    public enum Model {
        /** The kernel's per-thread consistency model: the default and the only safe one. */
        PER_THREAD,
        /**
         * Every thread switches at once when the transition starts, whatever is on its stack:
         * what plain class redefinition does. It exists to show, in tests, the mixing of old
         * and new code that the per-thread model prevents; never use it for real patches.
         */
        IMMEDIATE
    }

    /** The state the transition moves threads to. */
    public enum Target {
        /** The patch's functions become active. */
        PATCHED("patching"),
        /** The patch's functions are removed. */
        UNPATCHED("unpatching");

        private final String word;

        Target(String word) {
            this.word = word;
        }

        /** @return {@code patching} or {@code unpatching}, as in the kernel's messages */
        public String word() {
            return word;
        }

        Target opposite() {
            return this == PATCHED ? UNPATCHED : PATCHED;
        }
    }

    /**
     * One function of the transition set.
     *
     * @param stack the function's stack
     * @param previous what threads ran before the transition ({@code null}: the original)
     * @param next what threads run after it ({@code null}: the original)
     */
    public record Change(FuncStack stack, MethodHandle previous, MethodHandle next) {
    }

    /**
     * A thread that has not switched yet (the kernel's "is sleeping on function").
     *
     * @param name the thread name
     * @param id the thread id
     * @param blockedIn the changed function on its stack, as {@code Class.method}
     */
    public record PendingThread(String name, long id, String blockedIn) {
    }

    private final String patchName;
    private final DispatchControl dispatch;
    private final Target initialTarget;
    private final List<Change> changes;
    private final TransitionSet set;
    private final int sequence;
    private volatile Target target;
    private volatile int targetSide = 1;
    private volatile boolean forced;
    /**
     * Set once {@link DispatchControl#startTransition} has returned: no compiled code with the steady
     * bindings built in can run any more, so a thread's side is what it runs.
     */
    private volatile boolean flipped;
    private volatile long newThreadThreshold = Long.MAX_VALUE;
    private volatile List<PendingThread> pending = List.of();
    private volatile boolean virtualThreadsUnchecked;
    /**
     * Test hook: runs on the engine's thread after the flip is published and before it counts
     * as complete, the window in which HotSpot 21+ lets a thread see both bindings.
     */
    static volatile Runnable flipWindow = () -> { };
    /**
     * Test hook: runs in a thread's check of its own stack, where a patched {@code java.base}
     * method that the walk uses would run.
     */
    static volatile Runnable selfCheck = () -> { };
    /** Stacks of classes patched while this transition runs; guarded by the engine's lock. */
    private final List<FuncStack> adopted = new ArrayList<>();
    /** Those of {@link #adopted} that joined the transition set; guarded by the engine's lock. */
    private final List<FuncStack> joined = new ArrayList<>();

    /**
     * @param patchName the patch in transition
     * @param target the target state
     * @param changes the transition set
     * @param model how threads switch
     * @param dispatch binds the functions' call sites and flips them
     */
    public Transition(String patchName, Target target, List<Change> changes, Model model,
            DispatchControl dispatch) {
        this.dispatch = dispatch;
        this.forced = model == Model.IMMEDIATE;
        this.patchName = patchName;
        this.initialTarget = target;
        this.target = target;
        this.changes = List.copyOf(changes);
        this.set = new TransitionSet(changes.stream().map(Change::stack).toList());
        this.sequence = SEQUENCE.incrementAndGet();
    }

    /**
     * Takes in the stack of a class patched while this transition runs (the kernel's module
     * coming during a transition), before any code of the class ran. If the transition changes
     * it (its implementations with and without the patch in transition differ), it joins the
     * transition set, as the kernel's functions of a coming module are in the transition from
     * its start: threads not yet switched run what the stack ran before the transition, switched
     * ones what it runs after it, and its frames keep threads from switching. Otherwise every
     * thread runs the top of the stack. Completion binds it to the top of the stack then.
     *
     * @param stack the stack, bound to its top outside transitions
     * @param withPatch what it runs with the patch in transition applied; {@code null}: the
     *     original
     * @param withoutPatch what it runs without; {@code null}: the original
     */
    public void adopt(FuncStack stack, MethodHandle withPatch, MethodHandle withoutPatch) {
        boolean patching = initialTarget == Target.PATCHED;
        MethodHandle previous = patching ? withoutPatch : withPatch;
        MethodHandle next = patching ? withPatch : withoutPatch;
        if (previous != next && !set.contains(stack.site())) {
            stack.beginTransition(this, previous, next);
            set.add(stack);
            joined.add(stack);
        }
        if (!adopted.contains(stack)) {
            adopted.add(stack);
        }
    }

    /** @return the stacks {@link #adopt adopted} during the transition */
    public List<FuncStack> adopted() {
        return List.copyOf(adopted);
    }

    /** @return the patch in transition */
    public String patchName() {
        return patchName;
    }

    /** @return the target state, which a reversal flips */
    public Target target() {
        return target;
    }

    /** @return the transition set */
    public List<Change> changes() {
        return changes;
    }

    /** @return the threads found not switched by the last {@link #trySwitchAll} */
    public List<PendingThread> pendingThreads() {
        return pending;
    }

    /** @return whether virtual threads may exist that this JVM does not let the engine inspect */
    public boolean virtualThreadsUnchecked() {
        return virtualThreadsUnchecked;
    }

    /**
     * Starts the transition: puts every function of the set into its transitional binding, then
     * flips all woven methods to the per-thread decision at once.
     */
    public void start() {
        for (Change change : changes) {
            change.stack().beginTransition(this, change.previous(), change.next());
        }
        dispatch.startTransition(this);
        flipWindow.run();
        flipped = true;
        newThreadThreshold = idOf(new Thread(() -> { }));
    }

    /** Reverses the direction (the kernel's {@code klp_reverse_transition}): no thread moves. */
    public void reverse() {
        target = target.opposite();
        targetSide ^= 1;
    }

    /** Switches every thread without checks (the kernel's {@code klp_force_transition}). */
    public void force() {
        forced = true;
    }

    /**
     * One round of the worker: tries to switch every thread not yet switched.
     *
     * @return whether every live thread is switched, so the transition can complete
     */
    public boolean trySwitchAll() {
        if (forced) {
            pending = List.of();
            return true;
        }
        List<PendingThread> stillPending = new ArrayList<>();
        Map<Thread, Boolean> listed = new IdentityHashMap<>();
        List<ThreadPatchState> candidates = new ArrayList<>();
        Map<Long, ThreadPatchState> unlisted = new HashMap<>();
        for (Thread thread : ThreadSnapshots.platformThreads()) {
            listed.put(thread, Boolean.TRUE);
            candidates.add(ThreadStates.of(thread));
        }
        for (ThreadPatchState state : ThreadStates.live()) {
            if (!listed.containsKey(state.thread)) {
                unlisted.put(idOf(state.thread), state);
                candidates.add(state);
            }
        }
        // Read every word before any snapshot: the switch below is valid only from a word read
        // before the snapshot it relies on.
        Map<ThreadPatchState, Long> words = new IdentityHashMap<>();
        for (ThreadPatchState state : candidates) {
            int walks = state.walks;
            long word = state.word.get();
            boolean walked = walks != state.walksSeenByWorker;
            state.walksSeenByWorker = walks;
            if (onTarget(word) || !state.thread.isAlive()) {
                continue;
            }
            if (walked && ThreadPatchState.sequence(word) == sequence) {
                stillPending.add(new PendingThread(state.thread.getName(), idOf(state.thread),
                        switchesItself(state)));
            } else {
                words.put(state, word);
            }
        }
        Map<Thread, StackTraceElement[]> stacks = ThreadSnapshots.of(
                words.keySet().stream().map(state -> state.thread).toList());
        words.forEach((state, word) -> check(state, word, stacks.get(state.thread),
                stillPending));
        if (stillPending.isEmpty()) {
            checkUnlistedThreads(listed.keySet(), unlisted, stillPending);
        }
        pending = List.copyOf(stillPending);
        return stillPending.isEmpty();
    }

    /**
     * A thread that walked its own stack since the previous round (at an entry of a changed
     * function, after the flip) and is still not switched found a changed function below the one
     * it entered; it keeps walking at its next entries, a walk that is exact and whole where a
     * snapshot is neither, and switches itself at the first that finds none. A snapshot would add
     * a safepoint (JDK 17) or a handshake and would nearly always find it inside a changed
     * function too: a thread that calls changed functions in a tight loop mostly is. So threads
     * are snapshotted only when they did not walk since the previous round: parked, blocked,
     * sleeping, running code that calls no changed function, or not scheduled since.
     *
     * @return what its latest walk found blocking it, for the pending list
     */
    private static String switchesItself(ThreadPatchState state) {
        String blockedIn = state.blockedIn;
        return blockedIn != null ? blockedIn
                : "(running; it switches itself at its next entry of a changed function)";
    }

    private void check(ThreadPatchState state, long word, StackTraceElement[] stack,
            List<PendingThread> stillPending) {
        String blockedIn = stack == null ? "(a stack deeper than the JVM shows other threads;"
                + " it switches itself at its next entry of a changed function)"
                : set.blockingFrame(stack);
        if (blockedIn == null) {
            long counter = ThreadPatchState.sequence(word) == sequence ? word : 0;
            long switched = ThreadPatchState.make(sequence, counter, targetSide);
            if (state.word.compareAndSet(word, switched)) {
                return;
            }
            blockedIn = "(entered a changed function while being checked)";
        }
        stillPending.add(new PendingThread(state.thread.getName(), idOf(state.thread),
                blockedIn));
    }

    /**
     * Virtual threads are listed only by the JDK's thread containers ({@link VirtualThreads}) or
     * a thread dump. One that has no state for this transition runs the old side until its first
     * entry of a changed function, where it checks its own stack; so it only matters if a changed
     * function is already on its stack.
     */
    private void checkUnlistedThreads(Set<Thread> listed, Map<Long, ThreadPatchState> withState,
            List<PendingThread> stillPending) {
        if (!ThreadDump.virtualThreadsPossible()) {
            return;
        }
        if (VirtualThreads.available()) {
            for (Thread thread : VirtualThreads.list()) {
                if (listed.contains(thread) || withState.containsKey(idOf(thread))) {
                    continue;
                }
                StackTraceElement[] stack = thread.getStackTrace();
                String blockedIn = ThreadSnapshots.mayBeTruncated(stack)
                        ? "(a stack deeper than the JVM shows other threads)"
                        : set.blockingFrame(stack);
                if (blockedIn != null) {
                    stillPending.add(new PendingThread(thread.getName(), idOf(thread),
                            blockedIn));
                }
            }
            return;
        }
        if (!ThreadDump.available()) {
            virtualThreadsUnchecked = true;
            stillPending.add(new PendingThread("(virtual threads)", -1,
                    "(this JVM cannot dump virtual threads; use force if none exist)"));
            return;
        }
        List<ThreadDump.DumpedThread> dump;
        try {
            dump = ThreadDump.take();
        } catch (IOException | RuntimeException e) {
            stillPending.add(new PendingThread("(virtual threads)", -1,
                    "(thread dump failed: " + e.getMessage() + ")"));
            return;
        }
        Map<Long, Boolean> platformIds = new HashMap<>();
        listed.forEach(t -> platformIds.put(idOf(t), Boolean.TRUE));
        for (ThreadDump.DumpedThread thread : dump) {
            if (platformIds.containsKey(thread.tid()) || withState.containsKey(thread.tid())) {
                continue;
            }
            for (String frame : thread.stack()) {
                if (set.blockingFrame(new StackTraceElement[] {element(frame)}) != null) {
                    stillPending.add(new PendingThread(thread.name(), thread.tid(), frame));
                    break;
                }
            }
        }
    }

    private static StackTraceElement element(String frame) {
        int dot = frame.lastIndexOf('.');
        return new StackTraceElement(frame.substring(0, Math.max(dot, 0)),
                frame.substring(dot + 1), null, -1);
    }

    private boolean onTarget(long word) {
        return sideOf(word) == targetSide;
    }

    /** A word of an earlier transition means side 0: the implementations before this one. */
    private int sideOf(long word) {
        return ThreadPatchState.sequence(word) == sequence ? ThreadPatchState.side(word) : 0;
    }

    /**
     * Ends the transition: binds each function of the set to its final implementation as a
     * constant, then flips all woven methods back to their constant bindings at once.
     */
    public void finish() {
        for (Change change : changes) {
            change.stack().bindSteady();
        }
        for (FuncStack stack : adopted) {
            stack.bindSteady();
        }
        dispatch.endTransition();
        for (Change change : changes) {
            change.stack().endTransition();
        }
        for (FuncStack stack : joined) {
            stack.endTransition();
        }
    }

    /**
     * The kernel's {@code /proc/PID/patch_state} of a thread during this transition.
     *
     * @param thread a thread
     * @return 0 (unpatched) or 1 (patched)
     */
    public int patchState(Thread thread) {
        int side = sideOf(ThreadStates.of(thread).word.get());
        if (forced || idOf(thread) > newThreadThreshold) {
            side = targetSide;
        }
        boolean patched = (side == 1) == (initialTarget == Target.PATCHED);
        return patched ? 1 : 0;
    }

    /**
     * The decision of one entry of a changed function, on the entering thread. A changed
     * function that the decision itself reaches (a patched {@code java.base} method the walk
     * uses) enters again while the thread decides: that nested entry counts as an entry (it
     * bumps the counter, which the worker's switch relies on) and runs the thread's current
     * side, but walks nothing, so it cannot recurse; the outer decision walks at most once, so
     * the nested entries' bumps cannot make it walk again.
     */
    @Override
    public boolean switched(FuncSite site) {
        if (forced) {
            return targetSide == 1;
        }
        ThreadPatchState state = ThreadStates.current();
        if (state.deciding) {
            return enterWithoutCheck(state);
        }
        state.deciding = true;
        try {
            return decide(state, site);
        } finally {
            state.deciding = false;
        }
    }

    private boolean decide(ThreadPatchState state, FuncSite site) {
        // The walk's answer holds for the whole decision: the stack below the entered frame
        // does not change while the thread is here, and nested entries have returned.
        int clean = UNKNOWN;
        while (true) {
            long word = state.word.get();
            long next;
            if (ThreadPatchState.sequence(word) != sequence) {
                state.walkAt = 0;
                state.walkGap = 1;
                state.blockedIn = null;
                int side = 0;
                if (targetSide == 1 && flipped) {
                    if (idOf(Thread.currentThread()) > newThreadThreshold) {
                        side = 1;
                    } else {
                        clean = clean == UNKNOWN ? walk(state, site) : clean;
                        side = clean == CLEAN ? 1 : 0;
                    }
                }
                next = ThreadPatchState.make(sequence, 2, side);
            } else {
                next = ThreadPatchState.bump(word);
                if (ThreadPatchState.side(next) != targetSide && flipped
                        && (clean != UNKNOWN || shouldWalk(state, next))) {
                    clean = clean == UNKNOWN ? walk(state, site) : clean;
                    if (clean == CLEAN) {
                        next = ThreadPatchState.withSide(next, targetSide);
                    }
                }
            }
            if (state.word.compareAndSet(word, next)) {
                return ThreadPatchState.side(next) == 1;
            }
        }
    }

    /** An entry nested in the thread's own decision: counted, on the thread's current side. */
    private boolean enterWithoutCheck(ThreadPatchState state) {
        while (true) {
            long word = state.word.get();
            long next = ThreadPatchState.sequence(word) != sequence
                    ? ThreadPatchState.make(sequence, 2, 0) : ThreadPatchState.bump(word);
            if (state.word.compareAndSet(word, next)) {
                return ThreadPatchState.side(next) == 1;
            }
        }
    }

    private int walk(ThreadPatchState state, FuncSite site) {
        return ownStackClean(state, site) ? CLEAN : BLOCKED;
    }

    /** Walks the calling thread's own stack, noting what blocks it for the pending list. */
    private boolean ownStackClean(ThreadPatchState state, FuncSite site) {
        selfCheck.run();
        String blocking = set.ownBlockingFrame(site);
        state.blockedIn = blocking;
        state.walks++;
        return blocking == null;
    }

    /**
     * Bounds the cost of self-checks for a thread that keeps entering changed functions while
     * one is on its stack: after each walk the next comes a random number of entries later,
     * within a window that doubles up to {@value #MAX_WALK_GAP} entries. The randomness keeps a
     * thread whose entries follow a fixed pattern (caller, callee, caller...) from always
     * walking at the same, blocked, function.
     */
    private static boolean shouldWalk(ThreadPatchState state, long word) {
        long entries = ThreadPatchState.counter(word);
        if (entries < state.walkAt) {
            return false;
        }
        state.walkAt = entries + 1 + ThreadLocalRandom.current().nextInt(state.walkGap);
        state.walkGap = Math.min(state.walkGap * 2, MAX_WALK_GAP);
        return true;
    }

    @SuppressWarnings("deprecation")
    private static long idOf(Thread thread) {
        return thread.getId();
    }

    /** @return every live platform thread, and every virtual thread that has a patch state */
    public static List<Thread> liveThreads() {
        return ThreadSnapshots.liveThreads();
    }
}
