package io.jlivepatch.core;

import io.jlivepatch.core.LoadedPatch.FunctionInstance;
import io.jlivepatch.core.LoadedPatch.ObjectInstance;
import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.load.BoundObject;
import io.jlivepatch.core.load.PatchBinder;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.redirect.ClassWeaver;
import io.jlivepatch.core.redirect.FuncStack;
import io.jlivepatch.core.redirect.WeaveException;
import io.jlivepatch.core.transition.Transition;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Target classes that arrive after their patches (the kernel's {@code klp_module_coming}): a
 * class that patches wait for is patched when it initialises, before any of its code runs, by
 * every loaded patch with an object for it, in stack order, with the kernel's events and
 * callbacks. Called by the engine under its lock, on the thread initialising the class. And
 * those whose class loader goes away (the kernel's {@code klp_module_going}), see
 * {@link #departed}.
 *
 * <p>A failure refuses the class, as the kernel refuses the module: the patches already applied
 * to it are reverted and the class's initialisation fails with the reason (see
 * {@code docs/design-notes.md}, "Classes loaded later").
 */
final class ClassArrivals {

    private final EventLog events;
    private final PatchBinder binder;
    private final Patching patching;
    private final PatchCallbacks callbacks;
    private final ClassWeaver weaver;

    ClassArrivals(EventLog events, PatchBinder binder, Patching patching,
            PatchCallbacks callbacks, ClassWeaver weaver) {
        this.events = events;
        this.binder = binder;
        this.patching = patching;
        this.callbacks = callbacks;
        this.weaver = weaver;
    }

    /**
     * Tells the weaver the classes some patch targets: each of them defined from now on will
     * report its initialisation.
     *
     * @param patches the loaded patches, and the one being loaded
     */
    void await(List<Patch> patches) {
        Set<String> names = new HashSet<>();
        for (Patch patch : patches) {
            patch.objects().stream().filter(o -> !o.isJvm())
                    .forEach(o -> names.add(o.targetClass()));
        }
        weaver.await(names);
    }

    /**
     * An object instance whose class loader went away unannounced (collected): forgotten, with
     * the kernel's event. No callback runs: they were code of that loader.
     *
     * @return whether it was still there to forget
     */
    boolean departed(LoadedPatch.Departure departure) {
        String name = departure.patch().forget(departure);
        if (name != null) {
            events.notice("reverting patch '" + departure.patch().name()
                    + "' on unloading class '" + name + "'");
        }
        return name != null;
    }

    /**
     * The kernel's module going, for a class loader known to be going before it is collected (a
     * web application its container stopped): every object of every patch for a class of that
     * loader is reverted, in stack order, with its unpatch callbacks (the kernel's
     * {@code klp_cleanup_module_patches_limited}).
     *
     * @param loader the loader going
     * @param patches the loaded patches, in stack order
     * @param inTransition the patch in transition, or {@code null}
     * @return whether an object was reverted
     */
    boolean going(ClassLoader loader, List<LoadedPatch> patches, PatchTransition inTransition) {
        LoadedPatch transitionPatch = inTransition == null ? null : inTransition.patch();
        Transition transition = inTransition == null ? null : inTransition.transition();
        boolean reverted = false;
        for (LoadedPatch patch : patches) {
            for (ObjectInstance instance : patch.objects()) {
                Class<?> target = instance.target();
                if (target != null && target.getClassLoader() == loader) {
                    revert(patch, target, patch != transitionPatch, transition);
                    reverted = true;
                }
            }
        }
        return reverted;
    }

    /**
     * Patches a class that is initialising.
     *
     * @param type the class
     * @param patches the loaded patches, in stack order
     * @param inTransition the patch in transition, or {@code null}
     * @return {@code null}, or why the class is refused
     */
    String coming(Class<?> type, List<LoadedPatch> patches, PatchTransition inTransition) {
        LoadedPatch transitionPatch = inTransition == null ? null : inTransition.patch();
        Transition transition = inTransition == null ? null : inTransition.transition();
        List<LoadedPatch> applied = new ArrayList<>();
        List<FuncStack> touched = new ArrayList<>();
        for (LoadedPatch patch : patches) {
            for (PatchObject object : patch.patch().objects()) {
                if (!PatchBinder.matches(object, type) || patch.hasObjectFor(type)) {
                    continue;
                }
                String failure = apply(patch, object, type, transitionPatch, touched);
                if (failure != null) {
                    events.warning("patch '" + patch.name() + "' failed for class '"
                            + type.getName() + "', refusing to load class '" + type.getName()
                            + "'");
                    for (LoadedPatch earlier : applied) {
                        revert(earlier, type, earlier != transitionPatch, transition);
                    }
                    return "jlivepatch: patch '" + patch.name() + "' refused class "
                            + type.getName() + ": " + failure + " (see 'jlp log')";
                }
                applied.add(patch);
            }
        }
        if (transition != null) {
            adopt(transition, transitionPatch, type, touched);
        }
        return null;
    }

    /**
     * The arrived class's functions join the transition in progress, each with what it runs
     * with and without the patch in transition, once every patch is applied to it.
     */
    private static void adopt(Transition transition, LoadedPatch transitionPatch, Class<?> type,
            List<FuncStack> touched) {
        Map<FuncStack, FunctionInstance> own = new IdentityHashMap<>();
        transitionPatch.objects().stream().filter(o -> o.target() == type)
                .forEach(o -> o.functions().forEach(fi -> own.put(fi.stack(), fi)));
        boolean replace = transitionPatch.patch().replace();
        for (FuncStack stack : touched) {
            FunctionInstance function = own.get(stack);
            MethodHandle without = function == null ? stack.topImpl()
                    : stack.topImplWithout(function);
            MethodHandle with = !replace ? stack.topImpl()
                    : function == null ? null : function.impl();
            transition.adopt(stack, with, without);
        }
    }

    /** The kernel's steps 1-5 of module coming, for one patch. @return null, or the failure */
    private String apply(LoadedPatch patch, PatchObject object, Class<?> type,
            LoadedPatch transitionPatch, List<FuncStack> touched) {
        String name = type.getName();
        BoundObject bound;
        try {
            bound = binder.bindLate(patch.patch(), object, type);
        } catch (PatchException e) {
            events.warning("failed to initialize patch '" + patch.name() + "' for class '" + name
                    + "' (" + e.getMessage() + ")");
            return e.getMessage();
        }
        events.notice("applying patch '" + patch.name() + "' to loading class '" + name + "'");
        ObjectInstance instance = new ObjectInstance(bound, type);
        patch.addObject(instance);
        if (!callbacks.prePatch(patch, instance)) {
            events.warning("pre-patch callback failed for object '" + name + "'");
            patch.removeObject(instance);
            return "its pre-patch callback failed";
        }
        List<FuncStack> obtained;
        try {
            obtained = patching.obtain(List.of(bound));
        } catch (WeaveException e) {
            events.warning("failed to apply patch '" + patch.name() + "' to class '" + name
                    + "' (" + e.getMessage() + ")");
            callbacks.postUnpatch(patch, instance);
            patch.removeObject(instance);
            return e.getMessage();
        }
        patching.push(patch, List.of(bound), List.of(instance), obtained, null);
        for (FuncStack stack : obtained) {
            // No code of the class has run yet: no thread depends on its call sites.
            stack.bindSteady();
            if (!touched.contains(stack)) {
                touched.add(stack);
            }
        }
        if (patch != transitionPatch) {
            callbacks.postPatch(patch, instance);
        }
        return null;
    }

    /**
     * The kernel's revert of one patch's object for a class that is refused or whose loader is
     * going: pre-unpatch, the "reverting" event, unpatch, post-unpatch.
     */
    private void revert(LoadedPatch patch, Class<?> type, boolean preUnpatch,
            Transition transition) {
        ObjectInstance instance = patch.objects().stream().filter(o -> o.target() == type)
                .findFirst().orElseThrow();
        if (preUnpatch) {
            callbacks.preUnpatch(patch, instance);
        }
        events.notice("reverting patch '" + patch.name() + "' on unloading class '"
                + type.getName() + "'");
        List<FuncStack> touched = new ArrayList<>();
        for (FunctionInstance function : instance.functions()) {
            function.stack().remove(function);
            function.stack().bindSteady();
            touched.add(function.stack());
        }
        instance.setPatched(false);
        callbacks.postUnpatch(patch, instance);
        patch.removeObject(instance);
        if (transition == null) {
            patching.release(patch.name(), touched);
        } else {
            // Released when the transition completes; the refused class runs nothing.
            touched.forEach(stack -> transition.adopt(stack, stack.topImpl(), stack.topImpl()));
        }
    }
}
