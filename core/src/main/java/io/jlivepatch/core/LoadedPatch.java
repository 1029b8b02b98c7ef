package io.jlivepatch.core;

import io.jlivepatch.api.PatchContext;
import io.jlivepatch.core.load.BoundObject;
import io.jlivepatch.core.model.Callback;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunction;
import io.jlivepatch.core.redirect.FuncStack;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A patch in the engine (the kernel's {@code klp_patch} at run time): its objects bound to
 * target classes, and its functions on their stacks. Guarded by the engine's lock.
 */
final class LoadedPatch {

    private static final AtomicLong LOADS = new AtomicLong();

    private final Patch patch;
    private final long order = LOADS.incrementAndGet();
    private final List<ObjectInstance> objects = new ArrayList<>();
    private final List<RuntimeState> states = new ArrayList<>();
    private boolean enabled;

    LoadedPatch(Patch patch) {
        this.patch = patch;
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
        return objects.stream().anyMatch(o -> o.target() == target);
    }

    boolean enabled() {
        return enabled;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    List<ObjectInstance> objects() {
        return objects;
    }

    List<FunctionInstance> functions() {
        List<FunctionInstance> all = new ArrayList<>();
        objects.forEach(o -> all.addAll(o.functions()));
        return all;
    }

    /** @return the object instance for a class, creating a dynamic one if there is none */
    ObjectInstance objectFor(Class<?> target) {
        for (ObjectInstance object : objects) {
            if (object.target() == target) {
                return object;
            }
        }
        ObjectInstance dynamic = new ObjectInstance(null, target);
        dynamic.setPatched(true);
        objects.add(dynamic);
        return dynamic;
    }

    /** @return whether one of the patch's functions is on the given stack */
    boolean uses(FuncStack stack) {
        return functions().stream().anyMatch(fi -> fi.stack() == stack);
    }

    /** Takes every function of the patch off its stack (the kernel's klp_unpatch_objects). */
    void unpatchObjects() {
        for (ObjectInstance object : objects) {
            object.functions().forEach(fi -> fi.stack().remove(fi));
            object.setPatched(false);
        }
    }

    /** Atomic replace is done: the nops and the objects that held only nops go away. */
    void discardNops() {
        for (ObjectInstance object : objects) {
            object.functions().removeIf(fi -> {
                if (fi.function().nop()) {
                    fi.stack().remove(fi);
                    return true;
                }
                return false;
            });
        }
        objects.removeIf(ObjectInstance::dynamic);
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
