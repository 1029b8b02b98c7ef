package io.jlivepatch.core.load;

import io.jlivepatch.core.bytecode.ConstructorBody;
import io.jlivepatch.core.bytecode.TargetShape;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.model.PatchException.Kind;
import io.jlivepatch.core.model.PatchFunction;
import io.jlivepatch.core.model.PatchObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The constructors a patch object replaces whole ({@code @Replace(withSuperCall = true)}), each
 * numbered for the prologue's decision. Their code runs inside the target's own constructor, so
 * it may use only members the running class declares or inherits; a helper of the patch class
 * would not link there and is refused.
 */
final class WholeBodies {

    private static final AtomicInteger NEXT_ID = new AtomicInteger(1);

    private WholeBodies() {
    }

    /**
     * @return the whole bodies of the object's constructors, by method key
     * @throws PatchException (INCOMPATIBLE) if a body uses a member the target lacks
     */
    static Map<String, ConstructorBody> of(Patch patch, PatchObject object, TargetShape shape,
            Map<String, String> renames, String where) throws PatchException {
        Map<String, ConstructorBody> bodies = new HashMap<>();
        for (PatchFunction function : object.functions()) {
            if (!ConstructorBody.replacesWhole(object.patchClassBytes(), function.key())) {
                continue;
            }
            ConstructorBody body = ConstructorBody.of(NEXT_ID.getAndIncrement(),
                    object.patchClassBytes(), function.key(), renames);
            Set<String> missing = body.missingFrom(shape);
            if (!missing.isEmpty()) {
                throw new PatchException(Kind.INCOMPATIBLE, "patch '" + patch.name()
                        + "': constructor " + function.key() + " of " + where + " is replaced"
                        + " whole, inside the class's own constructor, and its code uses "
                        + missing + ", which the running class does not declare; call only"
                        + " members the class has, or replace the constructor after its"
                        + " super(...) call");
            }
            bodies.put(function.key(), body);
        }
        return bodies;
    }
}
