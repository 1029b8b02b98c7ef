package io.jlivepatch.core.load;

import io.jlivepatch.core.bytecode.TargetShape;
import io.jlivepatch.core.model.PatchObject;
import java.lang.invoke.MethodHandle;
import java.util.Map;

/**
 * A patch object bound to one loaded target class (an object instance): its replacements
 * defined in a hidden nestmate of the target and ready to run.
 *
 * @param object the patch object
 * @param target the target class in one class loader
 * @param shape the target's declared members
 * @param impls the replacement of each function, by method key, typed as the prologue's call
 */
public record BoundObject(PatchObject object, Class<?> target, TargetShape shape,
        Map<String, MethodHandle> impls) {

    /** Makes the map unmodifiable. */
    public BoundObject {
        impls = Map.copyOf(impls);
    }
}
