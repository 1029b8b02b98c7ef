package io.jlivepatch.core;

import io.jlivepatch.api.ShadowVariables;
import io.jlivepatch.core.LoadedPatch.FunctionInstance;
import io.jlivepatch.core.LoadedPatch.ObjectInstance;
import io.jlivepatch.core.load.PatchBinder;
import io.jlivepatch.core.redirect.OtherAgents;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.status.EngineStatus;
import io.jlivepatch.core.status.EngineStatus.FunctionStatus;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.status.EngineStatus.ObjectStatus;
import io.jlivepatch.core.status.EngineStatus.PatchStatus;
import io.jlivepatch.core.status.EngineStatus.TransitionStatus;
import io.jlivepatch.core.transition.Transition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Builds the status snapshots the engine hands out (the kernel's sysfs and procfs views) from
 * its live state. Called under the engine's lock.
 */
final class StatusSnapshot {

    private StatusSnapshot() {
    }

    static EngineStatus of(List<LoadedPatch> patches, Transition transition,
            LoadedPatch transitionPatch, List<String> history,
            Predicate<Class<?>> alsoInstrumented) {
        List<PatchStatus> list = new ArrayList<>();
        for (LoadedPatch loaded : patches) {
            list.add(patch(loaded, patches, transition, transitionPatch, alsoInstrumented));
        }
        TransitionStatus t = transition == null ? null : transition(transition);
        return new EngineStatus(list, t, history, ShadowVariables.counts(),
                OtherAgents.ofThisJvm());
    }

    static List<EngineStatus.ThreadState> threadStates(Transition transition) {
        List<EngineStatus.ThreadState> states = new ArrayList<>();
        Set<Long> listed = new HashSet<>();
        for (Thread thread : Transition.liveThreads()) {
            @SuppressWarnings("deprecation")
            long id = thread.getId();
            listed.add(id);
            states.add(new EngineStatus.ThreadState(thread.getName(), id,
                    transition == null ? -1 : transition.patchState(thread)));
        }
        if (transition != null) {
            // Virtual threads seen only in a thread dump: pending, so still at the other side.
            int pendingState = transition.target() == Transition.Target.PATCHED ? 0 : 1;
            for (Transition.PendingThread pending : transition.pendingThreads()) {
                if (pending.id() >= 0 && listed.add(pending.id())) {
                    states.add(new EngineStatus.ThreadState(pending.name(), pending.id(),
                            pendingState));
                }
            }
        }
        return states;
    }

    private static TransitionStatus transition(Transition t) {
        List<EngineStatus.PendingThread> pending = new ArrayList<>();
        for (Transition.PendingThread p : t.pendingThreads()) {
            pending.add(new EngineStatus.PendingThread(p.name(), p.id(), p.blockedIn()));
        }
        return new TransitionStatus(t.patchName(), t.target().name(), pending,
                t.virtualThreadsUnchecked());
    }

    private static PatchStatus patch(LoadedPatch loaded, List<LoadedPatch> patches,
            Transition transition, LoadedPatch transitionPatch,
            Predicate<Class<?>> alsoInstrumented) {
        boolean inTransition = loaded == transitionPatch;
        List<ObjectStatus> objects = new ArrayList<>();
        for (ObjectInstance object : loaded.objects()) {
            List<FunctionStatus> functions = new ArrayList<>();
            for (FunctionInstance fi : object.functions()) {
                functions.add(new FunctionStatus(fi.function().name(), fi.function().descriptor(),
                        fi.stack().contains(fi), inTransition, fi.function().nop()));
            }
            objects.add(new ObjectStatus(object.name(), object.target() == null ? null
                    : describe(object.target().getClassLoader()), object.patched(),
                    object.dynamic(), functions, false, object.target() != null
                    && alsoInstrumented.test(object.target())));
        }
        for (PatchObject object : patch(loaded)) {
            if (!object.isJvm() && loaded.objects().stream().noneMatch(
                    o -> o.target() != null && PatchBinder.matches(object, o.target()))) {
                List<FunctionStatus> functions = new ArrayList<>();
                object.functions().forEach(f -> functions.add(new FunctionStatus(f.name(),
                        f.descriptor(), false, false, false)));
                objects.add(new ObjectStatus(object.targetClass(), object.loaderPattern()
                        .isEmpty() ? null : "/" + object.loaderPattern() + "/", false, false,
                        functions, true));
            }
        }
        List<String> replacing = new ArrayList<>();
        if (inTransition && loaded.patch().replace() && transition != null
                && transition.target() == Transition.Target.PATCHED) {
            patches.stream().filter(p -> p != loaded).forEach(p -> replacing.add(p.name()));
        }
        Patch patch = loaded.patch();
        List<EngineStatus.StateStatus> states = new ArrayList<>();
        patch.states().forEach(st -> states.add(new EngineStatus.StateStatus(st.id(),
                st.version())));
        return new PatchStatus(patch.name(), loaded.enabled(), inTransition, patch.replace(),
                patches.indexOf(loaded) + 1, patch.description(), patch.source(), replacing,
                objects, states, patch.sha256());
    }

    private static List<PatchObject> patch(LoadedPatch loaded) {
        return loaded.patch().objects();
    }

    private static String describe(ClassLoader loader) {
        String name = PatchBinder.loaderName(loader);
        return name.isEmpty() ? loader.getClass().getName() + "@"
                + Integer.toHexString(System.identityHashCode(loader)) : name;
    }
}
