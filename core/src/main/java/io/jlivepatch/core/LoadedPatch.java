package io.jlivepatch.core;

import io.jlivepatch.api.PatchContext;
import io.jlivepatch.core.load.BoundObject;
import io.jlivepatch.core.model.Callback;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunction;
import io.jlivepatch.core.redirect.FuncStack;
import java.lang.invoke.MethodHandle;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A patch in the engine (the kernel's {@code klp_patch} at run time): its objects bound to
 * target classes, and its functions on their stacks. Guarded by the engine's lock.
 */
final class LoadedPatch {

    private static final AtomicLong LOADS = new AtomicLong();

    private final Patch patch;
    private final long order = LOADS.incrementAndGet();
    /**
     * The object instances. Those of classes in a class loader that may go away are held by
     * their class (see {@link #KEPT}) and only weakly here, so that a patch never keeps a loader
     * alive; the engine learns of their going through {@link #departures}.
     */
    private final List<Held> objects = new ArrayList<>();
    private final ReferenceQueue<ObjectInstance> departures;
    private final Undeployments undeployments;
    private final List<RuntimeState> states = new ArrayList<>();
    private boolean enabled;

    /** Strong references from a class to the object instances bound to it. */
    private static final ClassValue<List<ObjectInstance>> KEPT = new ClassValue<>() {
        @Override
        protected List<ObjectInstance> computeValue(Class<?> type) {
            return new CopyOnWriteArrayList<>();
        }
    };

    /**
     * @param patch the patch
     * @param departures where the instances of classes whose loader went away are reported
     * @param undeployments watches the loaders of web applications, whose going is told earlier
     */
    LoadedPatch(Patch patch, ReferenceQueue<ObjectInstance> departures,
            Undeployments undeployments) {
        this.patch = patch;
        this.departures = departures;
        this.undeployments = undeployments;
        patch.states().forEach(spec -> states.add(new RuntimeState(spec)));
    }

    /** @return the patch's state of an id, or {@code null} (the kernel's klp_get_state) */
    RuntimeState state(long id) {
        return states.stream().filter(s -> s.id() == id).findFirst().orElse(null);
    }

    Patch patch() {
        return patch;
    }

    String name() {
        return patch.name();
    }

    /** @return the place of this patch in the order patches were loaded into this JVM */
    long order() {
        return order;
    }

    /** @return whether the patch has an object instance for a class */
    boolean hasObjectFor(Class<?> target) {
        return objects().stream().anyMatch(o -> o.target() == target);
    }

    boolean enabled() {
        return enabled;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the object instances whose class still exists, in the order they were added */
    List<ObjectInstance> objects() {
        List<ObjectInstance> live = new ArrayList<>();
        for (Held held : objects) {
            ObjectInstance instance = held.get();
            if (instance != null) {
                live.add(instance);
            }
        }
        return live;
    }

    void addObject(ObjectInstance instance) {
        Class<?> target = instance.target();
        if (target == null || permanent(target.getClassLoader())) {
            objects.add(new Held(instance, null, instance.name()));
            return;
        }
        KEPT.get(target).add(instance);
        undeployments.watch(target.getClassLoader());
        objects.add(new Held(null, new Departure(instance, this, departures), instance.name()));
    }

    void removeObject(ObjectInstance instance) {
        objects.removeIf(held -> {
            if (held.get() != instance) {
                return false;
            }
            if (held.departure() != null) {
                held.departure().clear();
                KEPT.get(instance.target()).remove(instance);
            }
            return true;
        });
    }

    /**
     * Forgets an object instance whose class loader went away.
     *
     * @return the name of its class, or {@code null} if it had already been removed
     */
    String forget(Departure departure) {
        for (Held held : objects) {
            if (held.departure() == departure) {
                objects.remove(held);
                return held.name();
            }
        }
        return null;
    }

    /** The bootstrap, platform and system loaders never go away. */
    private static boolean permanent(ClassLoader loader) {
        return loader == null || loader == ClassLoader.getPlatformClassLoader()
                || loader == ClassLoader.getSystemClassLoader();
    }

    /** One object instance: held strongly, or only through its departure. */
    private record Held(ObjectInstance strong, Departure departure, String name) {
        ObjectInstance get() {
            return strong != null ? strong : departure.get();
        }
    }

    /** The weak reference to an object instance whose class loader may go away. */
    static final class Departure extends WeakReference<ObjectInstance> {
        private final LoadedPatch patch;

        Departure(ObjectInstance instance, LoadedPatch patch,
                ReferenceQueue<ObjectInstance> queue) {
            super(instance, queue);
            this.patch = patch;
        }

        LoadedPatch patch() {
            return patch;
        }
    }

    List<FunctionInstance> functions() {
        List<FunctionInstance> all = new ArrayList<>();
        objects().forEach(o -> all.addAll(o.functions()));
        return all;
    }

    /** @return the object instance for a class, creating a dynamic one if there is none */
    ObjectInstance objectFor(Class<?> target) {
        for (ObjectInstance object : objects()) {
            if (object.target() == target) {
                return object;
            }
        }
        ObjectInstance dynamic = new ObjectInstance(null, target);
        dynamic.setPatched(true);
        addObject(dynamic);
        return dynamic;
    }

    /** @return whether one of the patch's functions is on the given stack */
    boolean uses(FuncStack stack) {
        return functions().stream().anyMatch(fi -> fi.stack() == stack);
    }

    /** Takes every function of the patch off its stack (the kernel's klp_unpatch_objects). */
    void unpatchObjects() {
        for (ObjectInstance object : objects()) {
            object.functions().forEach(fi -> fi.stack().remove(fi));
            object.setPatched(false);
        }
    }

    /** Atomic replace is done: the nops and the objects that held only nops go away. */
    void discardNops() {
        for (ObjectInstance object : objects()) {
            object.functions().removeIf(fi -> {
                if (fi.function().nop()) {
                    fi.stack().remove(fi);
                    return true;
                }
                return false;
            });
            if (object.dynamic()) {
                removeObject(object);
            }
        }
    }

    /**
     * One object bound to one target class (the kernel's object with its module loaded). A
     * dynamic one exists only to hold the nops of an atomic-replace patch for a class that the
     * patch itself does not change.
     */
    static final class ObjectInstance {
        private final BoundObject bound;
        private final Class<?> target;
        private final List<FunctionInstance> functions = new ArrayList<>();
        private boolean patched;
        /** The kernel's gating: post-unpatch only after a successful pre-patch (or none). */
        private boolean postUnpatchEnabled;
        /** Pre-unpatch only where post-patch ran. */
        private boolean postPatchRan;

        /** @param bound the object bound to its target; {@code null} for a dynamic object */
        ObjectInstance(BoundObject bound, Class<?> target) {
            this.bound = bound;
            this.target = target;
        }

        /** @return the target class; {@code null} for the JVM object */
        Class<?> target() {
            return target;
        }

        /** @return the name events and callbacks use: the class name, or {@code jvm} */
        String name() {
            return target == null ? PatchContext.JVM : target.getName();
        }

        boolean dynamic() {
            return bound == null;
        }

        /** @return the callback of a kind, or {@code null} */
        MethodHandle callback(Callback.Kind kind) {
            return bound == null ? null : bound.callbacks().get(kind);
        }

        List<FunctionInstance> functions() {
            return functions;
        }

        boolean patched() {
            return patched;
        }

        void setPatched(boolean patched) {
            this.patched = patched;
        }

        boolean postUnpatchEnabled() {
            return postUnpatchEnabled;
        }

        void setPostUnpatchEnabled(boolean enabled) {
            postUnpatchEnabled = enabled;
        }

        boolean postPatchRan() {
            return postPatchRan;
        }

        void setPostPatchRan(boolean ran) {
            postPatchRan = ran;
        }
    }

    /**
     * One function of an object instance: the entry its patch puts on the method's stack.
     *
     * @param function the function
     * @param stack the method's stack
     * @param impl the replacement, or {@code null} for a nop
     */
    record FunctionInstance(PatchFunction function, FuncStack stack, MethodHandle impl) {
    }
}
