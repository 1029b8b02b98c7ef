package io.jlivepatch.core.load;

import io.jlivepatch.core.hash.ClassHash;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.model.PatchException.Kind;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.PatchObject.NewClass;
import io.jlivepatch.core.redirect.ClassWeaver;
import io.jlivepatch.core.redirect.TargetLookup;
import java.lang.instrument.UnmodifiableClassException;

/**
 * Defines a patch object's new classes beside one target: in its class loader and package,
 * through a full-privilege lookup on the target, so that the replacements find them by name.
 *
 * <p>A class of that name that the loader already has is reused when it is the same class (equal
 * {@link ClassHash}, as when a cumulative patch carries a new class of the patch it replaces) and
 * refused otherwise. A defined class stays in its loader for the loader's lifetime, also when the
 * patch is refused later or disabled: it is only used by the patch's code.
 */
final class NewClasses {

    private NewClasses() {
    }

    /**
     * @param patch the patch, for messages
     * @param object the patch object
     * @param target the target class in one loader
     * @param where the target, for messages
     * @param weaver reports the bytes of classes that exist already
     * @param lookups gives the full-privilege lookup on the target
     * @throws PatchException (INCOMPATIBLE) when a class of that name exists with other content,
     *     or the JVM refuses to define one
     */
    static void define(Patch patch, PatchObject object, Class<?> target, String where,
            ClassWeaver weaver, TargetLookup lookups) throws PatchException {
        for (NewClass newClass : object.newClasses()) {
            if (isPresent(patch, newClass, target, where, weaver)) {
                continue;
            }
            try {
                lookups.fullPrivilege(target).defineClass(newClass.bytes());
            } catch (LinkageError raced) {
                if (!isPresent(patch, newClass, target, where, weaver)) {
                    throw failed(patch, newClass, where, raced);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw failed(patch, newClass, where, e);
            }
        }
    }

    /** Whether the loader has the class already: the same one, or else a refusal. */
    private static boolean isPresent(Patch patch, NewClass newClass, Class<?> target,
            String where, ClassWeaver weaver) throws PatchException {
        Class<?> existing;
        try {
            existing = Class.forName(newClass.binaryName(), false, target.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
        String wanted = ClassHash.of(newClass.bytes());
        String running;
        try {
            running = ClassHash.of(weaver.reportedBytes(existing));
        } catch (UnmodifiableClassException | RuntimeException e) {
            throw new PatchException(Kind.INCOMPATIBLE, "patch '" + patch.name() + "': the"
                    + " new class " + newClass.binaryName() + " exists already beside " + where
                    + " and its bytes cannot be read to compare: " + e.getMessage(), e);
        }
        if (!running.equals(wanted)) {
            throw new PatchException(Kind.INCOMPATIBLE, "patch '" + patch.name() + "': the"
                    + " new class " + newClass.binaryName() + " exists already beside " + where
                    + " with other content (hash " + running + ", the patch's " + wanted
                    + "); rename the patch's class, or build the patch again with jlp build,"
                    + " which names new classes by their content");
        }
        return true;
    }

    private static PatchException failed(Patch patch, NewClass newClass, String where,
            Throwable cause) {
        return new PatchException(Kind.INCOMPATIBLE, "patch '" + patch.name() + "': cannot"
                + " define the new class " + newClass.binaryName() + " beside " + where + ": "
                + cause, cause);
    }
}
