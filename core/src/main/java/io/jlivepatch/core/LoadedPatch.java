package io.jlivepatch.core;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunction;
import io.jlivepatch.core.redirect.FuncStack;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * A patch in the engine (the kernel's {@code klp_patch} at run time): its objects bound to
 * target classes, and its functions on their stacks. Guarded by the engine's lock.
 */
final class LoadedPatch {

    private final Patch patch;
    private final List<ObjectInstance> objects = new ArrayList<>();
    private boolean enabled;

    LoadedPatch(Patch patch) {
        this.patch = patch;
    }

    Patch patch() {
        return patch;
    }

    String name() {
        return patch.name();
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
        ObjectInstance dynamic = new ObjectInstance(target, true);
        dynamic.setPatched(true);
        objects.add(dynamic);
        return dynamic;
    }

    /** @return whether one of the patch's functions is on the given stack */
    boolean uses(FuncStack stack) {
        return functions().stream().anyMatch(fi -> fi.stack() == stack);
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
        private final Class<?> target;
        private final boolean dynamic;
        private final List<FunctionInstance> functions = new ArrayList<>();
        private boolean patched;

        ObjectInstance(Class<?> target, boolean dynamic) {
            this.target = target;
            this.dynamic = dynamic;
        }

        Class<?> target() {
            return target;
        }

        boolean dynamic() {
            return dynamic;
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
