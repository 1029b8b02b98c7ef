package io.jlivepatch.core.load;

import io.jlivepatch.core.bytecode.ConstructorBody;
import io.jlivepatch.core.bytecode.TargetShape;
import io.jlivepatch.core.model.Callback;
import io.jlivepatch.core.model.PatchObject;
import java.lang.invoke.MethodHandle;
import java.util.Map;

/**
 * A patch object bound to one loaded target class (an object instance): its replacements
 * and callbacks defined in a hidden nestmate of the target and ready to run. The JVM object has
 * no target class ({@code target} and {@code shape} are {@code null}) and only callbacks.
 *
 * @param object the patch object
 * @param target the target class in one class loader
 * @param shape the target's declared members
 * @param impls the replacement of each function, by method key, typed as the prologue's call
 * @param callbacks the object's callbacks, each of type {@code (PatchContext)int}
 * @param bodies the constructors replaced whole, by method key: their {@code impls} answer the
 *     body's id
 */
public record BoundObject(PatchObject object, Class<?> target, TargetShape shape,
        Map<String, MethodHandle> impls, Map<Callback.Kind, MethodHandle> callbacks,
        Map<String, ConstructorBody> bodies) {

    /** Makes the maps unmodifiable. */
    public BoundObject {
        impls = Map.copyOf(impls);
        callbacks = Map.copyOf(callbacks);
        bodies = Map.copyOf(bodies);
    }

    /** An object that replaces no constructor whole. */
    public BoundObject(PatchObject object, Class<?> target, TargetShape shape,
            Map<String, MethodHandle> impls, Map<Callback.Kind, MethodHandle> callbacks) {
        this(object, target, shape, impls, callbacks, Map.of());
    }

    /** @return whether this is the JVM object, which has no target class */
    public boolean isJvm() {
        return target == null;
    }
}
