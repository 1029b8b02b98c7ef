package io.jlivepatch.core;

import io.jlivepatch.core.load.BoundObject;
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

    /** One object bound to one target class (the kernel's object with its module loaded). */
    static final class ObjectInstance {
        private final BoundObject bound;
        private final List<FunctionInstance> functions = new ArrayList<>();
        private boolean patched;

        ObjectInstance(BoundObject bound) {
            this.bound = bound;
        }

        BoundObject bound() {
            return bound;
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
