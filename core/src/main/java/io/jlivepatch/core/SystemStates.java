package io.jlivepatch.core;

import io.jlivepatch.api.SystemState;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.StateSpec;
import java.util.List;

/**
 * The system-state rules (the kernel's state.c): the compatibility check at load and the
 * lookup of the previous patch's state. Called under the engine's lock.
 */
final class SystemStates {

    private SystemStates() {
    }

    /**
     * The kernel's {@code klp_is_patch_compatible}: every state of every loaded patch must be
     * carried by the new patch with the same or a higher version, unless the new patch is not a
     * replace patch and does not declare that state at all.
     *
     * @param patches the patches enabled or in transition
     * @param patch the patch being loaded
     * @return why the patch is incompatible, or {@code null}
     */
    static String incompatibility(List<LoadedPatch> patches, Patch patch) {
        for (LoadedPatch old : patches) {
            for (StateSpec oldState : old.patch().states()) {
                StateSpec newState = patch.state(oldState.id());
                if (newState == null && patch.replace()) {
                    return "it replaces '" + old.name() + "' but does not carry its state "
                            + oldState.id() + " (version " + oldState.version() + ")";
                }
                if (newState != null && newState.version() < oldState.version()) {
                    return "its state " + oldState.id() + " has version " + newState.version()
                            + ", lower than version " + oldState.version() + " of '"
                            + old.name() + "'";
                }
            }
        }
        return null;
    }

    /**
     * The kernel's {@code klp_get_prev_state}: during a transition, the state of the newest
     * patch below the one in transition.
     *
     * @param patches the patches in stack order
     * @param transitionPatch the patch in transition, or {@code null} outside transitions
     * @param id the state id
     * @return the previous state, or {@code null}
     */
    static SystemState previous(List<LoadedPatch> patches, LoadedPatch transitionPatch,
            long id) {
        if (transitionPatch == null) {
            return null;
        }
        SystemState previous = null;
        for (LoadedPatch loaded : patches) {
            if (loaded == transitionPatch) {
                break;
            }
            RuntimeState state = loaded.state(id);
            if (state != null) {
                previous = state;
            }
        }
        return previous;
    }
}
