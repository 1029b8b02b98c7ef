package io.jlivepatch.build;

import io.jlivepatch.core.bytecode.TargetShape;
import io.jlivepatch.core.hash.ClassHash;
import io.jlivepatch.core.hash.NormalForm;
import io.jlivepatch.core.load.DanglingReferences;
import io.jlivepatch.core.load.PatchJarReader;
import io.jlivepatch.core.load.TargetFit;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.model.PatchObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.commons.SimpleRemapper;

/**
 * {@code jlp verify PATCH.jar --against APP.jar}: whether a patch fits a build of the
 * application, checked without a JVM as the engine checks the running classes: every target
 * exists, every replaced and shadowed member exists with the right static-ness and a body, every
 * pinned hash matches, every class and member the patch's code uses is in the build (or the JDK),
 * and no new class clashes with a class of the build.
 */
public final class PatchVerifier {

    private PatchVerifier() {
    }

    /**
     * The verdict on one patch object.
     *
     * @param object the target class, or {@code jvm}
     * @param hash the semantic hash of the target in the build, or the empty string
     * @param problem what does not fit, or the empty string when it fits
     */
    public record Check(String object, String hash, String problem) {

        /** @return whether the object fits */
        public boolean ok() {
            return problem.isEmpty();
        }
    }

    /**
     * @param patch the patch, as read
     * @param against the build it was checked against
     * @param checks one per patch object
     */
    public record Verification(Patch patch, Path against, List<Check> checks) {

        /** Makes the list unmodifiable. */
        public Verification {
            checks = List.copyOf(checks);
        }

        /** @return whether every object fits */
        public boolean ok() {
            return checks.stream().allMatch(Check::ok);
        }
    }

    /**
     * @param patchJar the patch jar
     * @param app the application build: a jar or a class directory
     * @return the verdict on each object
     * @throws PatchException (INVALID_PATCH) if the patch jar is invalid, or a
     *     {@link BuildException} (BAD_INPUT) if the build cannot be read
     */
    public static Verification verify(Path patchJar, Path app) throws PatchException {
        Patch patch = PatchJarReader.read(patchJar);
        AppBuild build = AppBuild.read(app);
        List<Check> checks = new ArrayList<>();
        for (PatchObject object : patch.objects()) {
            checks.add(object.isJvm() ? new Check("jvm", "", "") : check(patch, object, build));
        }
        return new Verification(patch, app, checks);
    }

    /** @return whether every replaced method of the build has the replacement's code */
    private static boolean alreadyPatched(PatchObject object, byte[] target) {
        NormalForm build = NormalForm.of(target);
        NormalForm carried = NormalForm.of(object.patchClassBytes(), new SimpleRemapper(
                object.patchClass(), object.targetClass().replace('.', '/')));
        return !object.functions().isEmpty() && object.functions().stream().allMatch(f -> {
            NormalForm.Member have = build.methods().get(f.key());
            NormalForm.Member brought = carried.methods().get(f.key());
            return have != null && brought != null && have.form().equals(brought.form());
        });
    }

    private static Check check(Patch patch, PatchObject object, AppBuild build) {
        String internalName = object.targetClass().replace('.', '/');
        byte[] target = build.classes().get(internalName);
        if (target == null) {
            return new Check(object.targetClass(), "", "patch '" + patch.name() + "': class "
                    + object.targetClass() + " is not in " + build.source());
        }
        String hash = ClassHash.of(target);
        String where = object.targetClass() + " (in " + build.source().getFileName() + ")";
        try {
            TargetFit.checkPin(patch, object, where, hash);
        } catch (PatchException e) {
            return new Check(object.targetClass(), hash, alreadyPatched(object, target)
                    ? "patch '" + patch.name() + "': class " + where + " already has the code"
                            + " the patch carries: this is the build the patch was made from (or"
                            + " a later one), and a JVM running it needs no patch"
                    : e.getMessage());
        }
        try {
            TargetFit.checkMembers(patch, object, where, TargetShape.of(target));
        } catch (PatchException e) {
            return new Check(object.targetClass(), hash, e.getMessage());
        }
        Set<String> dangling = DanglingReferences.of(patch, object,
                new ReleaseClassFiles(build, Map.of()), name -> false);
        if (!dangling.isEmpty()) {
            return new Check(object.targetClass(), hash, "patch '" + patch.name() + "': its"
                    + " code uses " + String.join(", ", dangling) + ", which "
                    + build.source() + " does not have");
        }
        for (PatchObject.NewClass newClass : object.newClasses()) {
            byte[] existing = build.classes().get(newClass.internalName());
            if (existing != null
                    && !ClassHash.of(existing).equals(ClassHash.of(newClass.bytes()))) {
                return new Check(object.targetClass(), hash, "patch '" + patch.name() + "':"
                        + " its new class " + newClass.binaryName() + " is also in "
                        + build.source() + ", with other content");
            }
        }
        return new Check(object.targetClass(), hash, "");
    }
}
