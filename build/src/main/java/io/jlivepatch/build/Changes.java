package io.jlivepatch.build;

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
 * @param unchanged how many classes are the same in both builds (build noise aside)
 * @param renames new-build class names that differ in the patch, to the patch's names
 */
public record Changes(List<Difference> differences, List<ClassPlan> plans,
        Map<String, String> newClasses, List<StaticsHolder> holders,
        List<MethodsHolder> methodHolders, int unchanged,
        Map<String, String> renames) {

    /** Makes the collections unmodifiable. */
    public Changes {
        differences = List.copyOf(differences);
        plans = List.copyOf(plans);
        newClasses = Map.copyOf(newClasses);
        holders = List.copyOf(holders);
        methodHolders = List.copyOf(methodHolders);
        renames = Map.copyOf(renames);
    }

    /** @return the report: every difference, then {@code unchanged: N classes} */
    public List<String> report() {
        List<String> lines = new java.util.ArrayList<>();
        differences.forEach(d -> lines.add(d.line()));
        lines.add("unchanged: " + unchanged + " classes");
        return lines;
    }

    /** @return whether some change cannot be carried */
    public boolean refused() {
        return differences.stream().anyMatch(d -> d.kind() == Difference.Kind.REFUSED);
    }

    /** @return whether the patch would carry nothing */
    public boolean nothingToCarry() {
        return plans.isEmpty() && newClasses.isEmpty() && holders.isEmpty();
    }
}
