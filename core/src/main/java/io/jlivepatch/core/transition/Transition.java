package io.jlivepatch.core.transition;

import io.jlivepatch.core.redirect.FuncStack;
import io.jlivepatch.dispatch.Dispatch;
import io.jlivepatch.dispatch.FuncSite;
import io.jlivepatch.dispatch.TransitionPolicy;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * One transition (the kernel's {@code klp_transition_patch} with its target state): the set of
 * functions whose implementation changes, what each thread runs meanwhile, and when it is done.
 *
 * <p>Consistency model of this version: every thread switches at once when the transition
 * starts, so the transition is complete as soon as it has started. This is the one place that
 * decides when a thread switches; the per-thread model (stack checks, self-switch, worker)
 * replaces {@link #switched} and {@link #allSwitched} without touching the engine.
 *
 * <p>Guarded by the engine's lock, except {@link #switched}, which any thread calls.
 */
public final class Transition implements TransitionPolicy {

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
    }

    private final String patchName;
    private final Target target;
    private final List<Change> changes;

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
     * @param patchName the patch in transition
     * @param target the target state
     * @param changes the transition set
     */
    public Transition(String patchName, Target target, List<Change> changes) {
        this.patchName = patchName;
        this.target = target;
        this.changes = List.copyOf(changes);
    }

    /** @return the patch in transition */
    public String patchName() {
        return patchName;
    }

    /** @return the target state */
    public Target target() {
        return target;
    }

    /** @return the transition set */
    public List<Change> changes() {
        return changes;
    }

    /**
     * Starts the transition: puts every function of the set into its transitional binding, then
     * flips all woven methods to the per-thread decision at once.
     */
    public void start() {
        for (Change change : changes) {
            change.stack().site().beginTransition(change.previous(), change.next());
        }
        Dispatch.startTransition(this);
    }

    /** @return whether every live thread runs the target side */
    public boolean allSwitched() {
        return true;
    }

    /**
     * Ends the transition: binds each function of the set to its final implementation as a
     * constant, then flips all woven methods back to their constant bindings at once.
     */
    public void finish() {
        for (Change change : changes) {
            FuncSite site = change.stack().site();
            site.setSteady(change.stack().topImpl());
        }
        Dispatch.endTransition();
        for (Change change : changes) {
            change.stack().site().endTransition();
        }
    }

    @Override
    public boolean switched(FuncSite site, boolean entering) {
        return true;
    }
}
