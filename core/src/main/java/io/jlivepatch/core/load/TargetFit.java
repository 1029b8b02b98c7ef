package io.jlivepatch.core.load;

import io.jlivepatch.core.bytecode.ConstructorBody;
import io.jlivepatch.core.bytecode.ReplacementTranslator;
import io.jlivepatch.core.bytecode.TargetShape;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.model.PatchException.Kind;
import io.jlivepatch.core.model.PatchFunction;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.PatchObject.ShadowMember;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.Opcodes;

/**
 * Whether a patch object fits one version of its target class: its pinned hash, and every
 * replaced and shadowed member with the right static-ness and a body to redirect. The engine
 * asks it of the running class; {@code jlp verify} of the class in an application build.
 */
public final class TargetFit {

    private TargetFit() {
    }

    /**
     * @param patch the patch, for messages
     * @param object one of its objects
     * @param where the target, for messages, for example {@code com.acme.C (loader app)}
     * @param actualHash the semantic hash of that version of the target
     * @throws PatchException (INCOMPATIBLE) when the object is pinned to another hash
     */
    public static void checkPin(Patch patch, PatchObject object, String where,
            String actualHash) throws PatchException {
        if (!object.pinnedHash().isEmpty() && !object.pinnedHash().equals(actualHash)) {
            throw incompatible(patch, "class " + where + " has semantic hash " + actualHash
                    + ", but the patch was built against hash " + object.pinnedHash()
                    + ": it was made for another version of the class; build the patch again"
                    + " from the release this JVM runs (jlp build --from)");
        }
    }

    /**
     * @param patch the patch, for messages
     * @param object one of its objects
     * @param where the target, for messages
     * @param shape the declared members of that version of the target
     * @throws PatchException (INCOMPATIBLE) naming the first member that does not fit
     */
    public static void checkMembers(Patch patch, PatchObject object, String where,
            TargetShape shape) throws PatchException {
        for (PatchFunction function : object.functions()) {
            checkFunction(patch, object, where, shape, function);
        }
        for (ShadowMember shadow : object.shadows()) {
            checkShadow(patch, where, shape, shadow);
        }
    }

    private static void checkFunction(Patch patch, PatchObject object, String where,
            TargetShape shape, PatchFunction function) throws PatchException {
        Integer access = shape.methods().get(function.key());
        String method = function.name() + function.descriptor();
        if (access == null) {
            throw incompatible(patch, "method " + method + " not found in " + where
                    + overloads(shape, function.name()));
        }
        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            throw incompatible(patch, "method " + method + " of " + where + " is "
                    + ((access & Opcodes.ACC_ABSTRACT) != 0 ? "abstract" : "native")
                    + ": it has no bytecode to redirect; patch its implementations instead");
        }
        if (function.name().equals("<init>")
                && !ConstructorBody.replacesWhole(object.patchClassBytes(), function.key())) {
            checkConstructor(patch, object, where, shape, function);
        }
        if (((access & Opcodes.ACC_STATIC) != 0) != function.isStatic()) {
            throw incompatible(patch, "method " + method + " of " + where + " is "
                    + ((access & Opcodes.ACC_STATIC) != 0 ? "static" : "an instance method")
                    + " but its replacement is not; declare them alike");
        }
    }

    /**
     * A constructor replacement runs after the super(...) call in a hidden nestmate, instead of
     * the rest of the constructor: it must assign every final field the constructor does.
     */
    private static void checkConstructor(Patch patch, PatchObject object, String where,
            TargetShape shape, PatchFunction function) throws PatchException {
        String method = function.name() + function.descriptor();
        Set<String> targetFinals = shape.constructorFinals().get(function.key());
        Set<String> unassigned = new TreeSet<>(targetFinals == null ? Set.of() : targetFinals);
        unassigned.removeAll(ReplacementTranslator.finalFieldsAssigned(object, shape,
                function.descriptor()));
        if (!unassigned.isEmpty()) {
            throw incompatible(patch, "constructor " + method + " of " + where + " assigns"
                    + " final field(s) " + unassigned + ", which its replacement does not: the"
                    + " replacement runs instead of the rest of the constructor, so objects"
                    + " built after the patch would have them unset; assign them in the"
                    + " replacement");
        }
    }

    private static String overloads(TargetShape shape, String name) {
        TreeSet<String> same = new TreeSet<>();
        for (String key : shape.methods().keySet()) {
            if (key.startsWith(name + "(")) {
                same.add(key);
            }
        }
        return same.isEmpty() ? "; it has no method named " + name
                : "; methods of that name there: " + String.join(", ", same);
    }

    private static void checkShadow(Patch patch, String where, TargetShape shape,
            ShadowMember shadow) throws PatchException {
        Integer access = shadow.isField()
                ? shape.fields().get(shadow.name() + ":" + shadow.descriptor())
                : shape.methods().get(shadow.name() + shadow.descriptor());
        String member = (shadow.isField() ? "field " : "method ") + shadow.name()
                + (shadow.isField() ? " of type " : "") + shadow.descriptor();
        if (access == null) {
            throw incompatible(patch, "@Shadow " + member + " not found in " + where
                    + (shadow.isField() ? "" : overloads(shape, shadow.name())));
        }
        if (((access & Opcodes.ACC_STATIC) != 0) != shadow.isStatic()) {
            throw incompatible(patch, "@Shadow " + member + " of " + where
                    + " differs from the target in being static");
        }
    }

    private static PatchException incompatible(Patch patch, String message) {
        return new PatchException(Kind.INCOMPATIBLE, "patch '" + patch.name() + "': " + message);
    }
}
