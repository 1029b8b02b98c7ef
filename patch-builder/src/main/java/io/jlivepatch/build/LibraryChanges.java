package io.jlivepatch.build;

import io.jlivepatch.build.Difference.Kind;
import io.jlivepatch.build.archive.Library;
import io.jlivepatch.build.archive.LibraryPairing;
import java.util.ArrayList;
import java.util.List;

/**
 * The report lines of the nested libraries: each that changed, each that only the new build has
 * (whose classes the patch carries where the changed code uses them), each that only the old
 * build has (whose classes stay in the running JVM as they are).
 */
final class LibraryChanges {

    private LibraryChanges() {
    }

    /**
     * @param pairing the libraries of both builds, paired
     * @param classDifferences the differences found class by class
     * @return the library lines, then the class differences
     */
    static List<Difference> lines(LibraryPairing pairing, List<Difference> classDifferences) {
        List<Difference> lines = new ArrayList<>();
        for (LibraryPairing.Pair pair : pairing.pairs()) {
            if (pair.changed()) {
                lines.add(new Difference(Kind.NOTICE, "library " + pair.before().identity(),
                        versions(pair) + " (" + pair.before().path() + " -> "
                                + pair.after().path() + "): its classes are compared with the"
                                + " running ones"));
            }
        }
        for (Library added : pairing.added()) {
            lines.add(new Difference(Kind.NOTICE, "new library " + added.describe(),
                    added.path() + ", " + added.classCount() + " classes: the patch carries"
                            + " those the changed code uses"));
        }
        for (Library removed : pairing.removed()) {
            lines.add(new Difference(Kind.WARNING, "library removed " + removed.describe(),
                    removed.path() + ", " + removed.classCount() + " classes: a patch cannot"
                            + " remove classes, the running JVM keeps them as they are"));
        }
        lines.addAll(classDifferences);
        return lines;
    }

    private static String versions(LibraryPairing.Pair pair) {
        String before = pair.before().version();
        String after = pair.after().version();
        return before.equals(after) ? "version " + after + ", files changed"
                : before + " -> " + after;
    }
}
