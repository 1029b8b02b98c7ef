package io.jlivepatch.core.transition;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * The dispatch and transition protocol, model-checked: Lincheck's model-checking mode runs every
 * interleaving (up to its bounds) of one application thread calling changed functions and the
 * engine starting, checking, reversing, forcing and completing a transition (an unpatching one:
 * side 0 runs the replacement, side 1 the original body).
 *
 * <p>The flip window is explicit: {@link Protocol#start} makes the transitional binding visible
 * to code that reads {@code Dispatch.ACTIVE} at run time, and only then invalidates the compiled
 * code with the old value built in (what {@code MutableCallSite.setTarget} does on HotSpot 21+,
 * where the new target is published before the deoptimisation handshake). The application
 * thread runs a caller compiled before the transition: its calls of {@code f1} and {@code f3}
 * were not inlined and read the flag at run time; those of {@code f2} and {@code f4} were, and
 * see the old value until the deoptimisation.
 *
 * <p>Checked: no call fails; unless forced, every call runs the side its thread is counted on
 * while the function's frame is on the stack; the transition never completes while a thread
 * runs the side it leaves.
 *
 * <p>The protocol of commit 5318eb7 and before ({@link OldProtocol}: a guard and a call that
 * each read the flag and the thread's side, and a self-switch at any transitional entry) is
 * checked too, to show the checker finds its race: that test expects a failure.
 */
class ProtocolModelTest {

    @Test
    void theProtocolKeepsEveryThreadOnOneSide() {
        new LinChecker(CurrentProtocol.class, options()).check();
    }

    @Test
    void theCheckerFindsTheRaceOfTheOldGuardAndCall() {
        AssertionError found = assertThrows(AssertionError.class,
                () -> new LinChecker(OldProtocol.class, options()).check());
        assertTrue(found.getMessage().contains("jlivepatch model:"), found.getMessage());
    }

    private static ModelCheckingOptions options() {
        return new ModelCheckingOptions().threads(2).actorsPerThread(3).actorsBefore(0)
                .actorsAfter(0).iterations(12).invocationsPerIteration(300);
    }

    /** The current protocol: one decision per call; self-switch only once the flip is done. */
    public static class CurrentProtocol extends Protocol {
        @Override
        int call(boolean inlined) {
            boolean active = read(inlined);
            return active ? decide() : steady;
        }

        @Override
        boolean selfSwitchAllowed() {
            return flipDone;
        }
    }

    /** The protocol before: a guard and a call that decide each; self-switch at any entry. */
    public static class OldProtocol extends Protocol {
        @Override
        int call(boolean inlined) {
            boolean redirect = read(inlined) ? decide() == REPLACEMENT : steady == REPLACEMENT;
            if (!redirect) {
                return ORIGINAL;
            }
            int impl = read(inlined) ? (forced ? targetSide : side(word.get())) : steady;
            if (impl != REPLACEMENT) {
                throw new IllegalStateException("jlivepatch model: no replacement is bound");
            }
            return REPLACEMENT;
        }

        @Override
        boolean selfSwitchAllowed() {
            return true;
        }
    }

    /** State and engine steps shared by both protocols. */
    public abstract static class Protocol {
        /** Side 0: what the thread ran before the (unpatching) transition. */
        static final int REPLACEMENT = 0;
        /** Side 1: the original body. */
        static final int ORIGINAL = 1;

        /** {@code Dispatch.ACTIVE} as read at run time. */
        volatile boolean live;
        /** Every compiled frame with the old flag built in is invalidated. */
        volatile boolean flipDone;
        volatile boolean started;
        volatile boolean completed;
        volatile boolean forced;
        volatile int targetSide = 1;
        /** The constant binding: the replacement until completion. */
        volatile int steady = REPLACEMENT;
        /** The application thread's word: entry counter above the side bit. */
        final AtomicInteger word = new AtomicInteger();
        /** The side the application thread runs inside a function; -1 outside. */
        volatile int running = -1;

        abstract int call(boolean inlined);

        abstract boolean selfSwitchAllowed();

        static int side(int word) {
            return word & 1;
        }

        boolean read(boolean inlined) {
            return inlined && !flipDone ? false : live;
        }

        /** {@code Transition.switched}: bump, and self-switch when the stack is clean. */
        int decide() {
            while (true) {
                if (forced) {
                    return targetSide;
                }
                int w = word.get();
                int side = side(w);
                // The caller is not a changed function: the stack below the entry is clean.
                if (side != targetSide && selfSwitchAllowed()) {
                    side = targetSide;
                }
                if (word.compareAndSet(w, ((w + 2) & ~1) | side)) {
                    return side;
                }
            }
        }

        /** A caller compiled before the transition calling f1, f2 (inlined), f3, f4 (inlined). */
        @Operation(nonParallelGroup = "application")
        public void calls() {
            for (int f = 1; f <= 4; f++) {
                running = -2;
                int ran = call(f % 2 == 0);
                running = ran;
                int counted = completed ? steady : side(word.get());
                if (!forced && ran != counted) {
                    throw new IllegalStateException("jlivepatch model: f" + f + " ran side " + ran
                            + " on a thread counted on side " + counted);
                }
                running = -1;
            }
        }

        /** {@code Dispatch.startTransition} on HotSpot 21+: publish, then deoptimise. */
        @Operation(nonParallelGroup = "engine")
        public void start() {
            if (started) {
                return;
            }
            started = true;
            live = true;
            flipDone = true;
        }

        /** {@code Transition.trySwitchAll}: word, snapshot, compare-and-set; then completion. */
        @Operation(nonParallelGroup = "engine")
        public void workerRound() {
            if (!started || completed) {
                return;
            }
            int w = word.get();
            boolean clean = running == -1;
            if (side(w) != targetSide && clean) {
                word.compareAndSet(w, (w & ~1) | targetSide);
            }
            if (forced || side(word.get()) == targetSide) {
                int inside = running;
                if (!forced && inside >= 0 && inside != targetSide) {
                    throw new IllegalStateException("jlivepatch model: completed while the"
                            + " thread runs side " + inside);
                }
                steady = targetSide;
                completed = true;
                live = false;
            }
        }

        @Operation(nonParallelGroup = "engine")
        public void reverse() {
            if (started && !completed) {
                targetSide ^= 1;
            }
        }

        @Operation(nonParallelGroup = "engine")
        public void force() {
            if (started && !completed) {
                forced = true;
            }
        }
    }
}
