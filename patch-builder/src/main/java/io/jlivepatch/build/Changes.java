package io.jlivepatch.build;

import io.jlivepatch.build.archive.LibraryPairing;
import java.util.List;
import java.util.Map;

/**
 * Every difference between two builds, classified, and what the patch carries.
 *
 * @param differences the report lines, in report order
 * @param plans one per class of the running application that the patch changes
 * @param newClasses the new classes the patch defines: new-build name to name in the patch
 * @param holders the holders of new static fields
 * @param methodHolders the holders of new methods other classes call
 * @param shadowFields the new instance fields, carried as shadow variables, per class
 * @param unchanged how many classes are the same in both builds (build noise aside)
 * @param renames new-build class names that differ in the patch, to the patch's names
 * @param libraries the nested libraries of both builds, paired
 */
public record Changes(List<Difference> differences, List<ClassPlan> plans,
        Map<String, String> newClasses, List<StaticsHolder> holders,
        List<MethodsHolder> methodHolders, List<ShadowFields> shadowFields, int unchanged,
        Map<String, String> renames, LibraryPairing libraries) {

    /** Makes the collections unmodifiable. */
    public Changes {
        differences = List.copyOf(differences);
        plans = List.copyOf(plans);
        newClasses = Map.copyOf(newClasses);
        holders = List.copyOf(holders);
        methodHolders = List.copyOf(methodHolders);
        shadowFields = List.copyOf(shadowFields);
        renames = Map.copyOf(renames);
    }

    /** Changes of builds without libraries. */
    public Changes(List<Difference> differences, List<ClassPlan> plans,
            Map<String, String> newClasses, List<StaticsHolder> holders,
            List<MethodsHolder> methodHolders, List<ShadowFields> shadowFields, int unchanged,
            Map<String, String> renames) {
        this(differences, plans, newClasses, holders, methodHolders, shadowFields, unchanged,
                renames,
                LibraryPairing.of(List.of(), List.of()));
    }

    /**
     * @param pairing the libraries of both builds, paired
     * @return these changes with a line for each library that changed, appeared or went
     *     before the class differences, and the library count in the summary
     */
    public Changes withLibraries(LibraryPairing pairing) {
        return new Changes(LibraryChanges.lines(pairing, differences), plans, newClasses,
                holders, methodHolders, shadowFields, unchanged, renames, pairing);
    }

    /**
     * @return the report: every difference, then {@code unchanged: N classes}, then, for builds
     *     with libraries, {@code libraries: N in both builds (M changed), A new, R removed}
     */
    public List<String> report() {
        List<String> lines = new java.util.ArrayList<>();
        differences.forEach(d -> lines.add(d.line()));
        lines.add("unchanged: " + unchanged + " classes");
        if (!libraries.isEmpty()) {
            lines.add(libraries.summary());
        }
        return lines;
    }

    /** @return whether some change cannot be carried */
    public boolean refused() {
        return differences.stream().anyMatch(d -> d.kind() == Difference.Kind.REFUSED);
    }

    /** @return whether the patch would carry nothing */
    public boolean nothingToCarry() {
        return plans.isEmpty() && newClasses.isEmpty() && holders.isEmpty()
                && !InitialiserTakeovers.anyTakenOver(this);
    }
}
