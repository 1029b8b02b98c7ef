package io.jlivepatch.core;

import io.jlivepatch.core.LoadedPatch.ObjectInstance;
import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.redirect.FuncStack;
import io.jlivepatch.core.transition.Transition;
import io.jlivepatch.core.transition.Transition.Change;
import io.jlivepatch.core.transition.Transition.Target;
import io.jlivepatch.dispatch.DispatchControl;
import java.util.ArrayList;
import java.util.List;

/**
 * The transition of one patch (the kernel's {@code klp_transition_patch} with transition.c's
 * init, start, reverse, force and complete): it exists from "initializing" to the end of the
 * completion callbacks, holds the patch it moves, and once started the {@link Transition} that
 * binds the call sites of the changed functions and moves threads. The engine holds at most one.
 *
 * <p>Guarded by the engine's lock.
 */
final class PatchTransition {

    private final LoadedPatch patch;
    private final Target initialTarget;
    private final EventLog events;
    private Transition transition;

    private PatchTransition(LoadedPatch patch, Target target, EventLog events) {
        this.patch = patch;
        this.initialTarget = target;
        this.events = events;
    }

    /**
     * The kernel's {@code klp_init_transition}: the patch is in transition from now on, so that
     * its callbacks see the state before it; nothing runs differently yet.
     */
    static PatchTransition initialize(LoadedPatch patch, Target target, EventLog events) {
        events.debug("'" + patch.name() + "': initializing " + target.word() + " transition");
        return new PatchTransition(patch, target, events);
    }

    /** @return the patch in transition */
    LoadedPatch patch() {
        return patch;
    }

    /** @return the transition once started, else {@code null} */
    Transition transition() {
        return transition;
    }

    /** @return the state the patch goes to, which a reversal flips */
    Target target() {
        return transition == null ? initialTarget : transition.target();
    }

    /**
     * The kernel's {@code klp_start_transition}: binds the changed functions' call sites to the
     * per-thread decision and flips them.
     *
     * @param changes the transition set
     * @param model how threads switch
     * @param dispatch the engine's control of dispatch
     */
    void start(List<Change> changes, Transition.Model model, DispatchControl dispatch) {
        transition = new Transition(patch.name(), initialTarget, changes, model, dispatch);
        events.notice("'" + patch.name() + "': starting " + initialTarget.word() + " transition");
        transition.start();
    }

    /**
     * The kernel's {@code klp_reverse_transition}: no callbacks, no new "initializing" step;
     * threads that had not switched are already where the reversed transition goes.
     */
    void reverse() {
        Target from = transition.target();
        events.debug("'" + patch.name() + "': reversing transition from " + from.word()
                + " to " + (from == Target.PATCHED ? "unpatching" : "patching"));
        transition.reverse();
        patch.setEnabled(!patch.enabled());
        events.notice("'" + patch.name() + "': starting " + transition.target().word()
                + " transition");
    }

    /**
     * The kernel's {@code klp_force_transition}: every remaining thread switches unchecked.
     *
     * @param patches the loaded patches
     * @return the patches that may never be loaded again in this JVM: the patch of a forced
     *     unpatching, the patches a forced replace patch replaces (as the kernel marks them
     *     since 2022)
     */
    List<String> force(List<LoadedPatch> patches) {
        events.warning("forcing remaining tasks to the patched state");
        transition.force();
        if (transition.target() == Target.UNPATCHED) {
            return List.of(patch.name());
        }
        if (!patch.patch().replace()) {
            return List.of();
        }
        return patches.stream().filter(p -> p != patch).map(LoadedPatch::name).toList();
    }

    /**
     * One attempt to complete (the kernel's {@code klp_try_complete_transition}).
     *
     * @return whether every thread is switched
     */
    boolean trySwitchAll() {
        return transition.trySwitchAll();
    }

    /**
     * The kernel's {@code klp_complete_transition}: unpatches what the completed state no longer
     * uses, binds every function to its final implementation, releases the prologues no patch
     * needs, and runs the post callbacks.
     *
     * @param patches the loaded patches, this one among them
     * @return the patches a replace patch replaced: disabled, to be removed
     */
    List<LoadedPatch> complete(List<LoadedPatch> patches, Patching patching,
            PatchCallbacks callbacks) {
        boolean unpatching = transition.target() == Target.UNPATCHED;
        events.debug("'" + patch.name() + "': completing " + transition.target().word()
                + " transition");
        List<LoadedPatch> replaced = new ArrayList<>();
        if (unpatching) {
            patch.unpatchObjects();
        } else if (patch.patch().replace()) {
            // Replaced patches are disabled without any of their callbacks; then the nops go.
            for (LoadedPatch old : patches) {
                if (old != patch) {
                    old.setEnabled(false);
                    old.unpatchObjects();
                    replaced.add(old);
                }
            }
            patch.discardNops();
        }
        transition.finish();
        List<FuncStack> released = new ArrayList<>();
        transition.changes().forEach(change -> released.add(change.stack()));
        released.addAll(transition.adopted());
        patching.release(patch.name(), released);
        for (ObjectInstance object : patch.objects()) {
            if (unpatching) {
                callbacks.postUnpatch(patch, object);
            } else {
                callbacks.postPatch(patch, object);
            }
        }
        events.notice("'" + patch.name() + "': " + transition.target().word() + " complete");
        return replaced;
    }
}
