package io.jlivepatch.build.archive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The libraries of two builds paired by {@link Library#identity()}, so that
 * {@code snakeyaml-1.31.jar} is compared with {@code snakeyaml-1.32.jar}; those in one build
 * only are added or removed.
 *
 * @param pairs the libraries of both builds, old with new
 * @param added those only the new build has
 * @param removed those only the old build has
 */
public record LibraryPairing(List<Pair> pairs, List<Library> added, List<Library> removed) {

    /** One library in both builds. @param before in the old build @param after in the new */
    public record Pair(Library before, Library after) {

        /** @return whether its version or any of its files differ */
        public boolean changed() {
            if (!before.version().equals(after.version())
                    || !before.entries().keySet().equals(after.entries().keySet())) {
                return true;
            }
            return before.entries().entrySet().stream().anyMatch(e -> !java.util.Arrays.equals(
                    e.getValue(), after.entries().get(e.getKey())));
        }
    }

    /** Makes the lists unmodifiable. */
    public LibraryPairing {
        pairs = List.copyOf(pairs);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    /**
     * @param before the libraries of the old build
     * @param after those of the new build
     * @return them paired
     */
    public static LibraryPairing of(List<Library> before, List<Library> after) {
        Map<String, Library> remaining = new LinkedHashMap<>();
        after.forEach(library -> remaining.putIfAbsent(library.identity(), library));
        List<Pair> pairs = new ArrayList<>();
        List<Library> removed = new ArrayList<>();
        for (Library old : before) {
            Library match = remaining.remove(old.identity());
            if (match == null) {
                removed.add(old);
            } else {
                pairs.add(new Pair(old, match));
            }
        }
        List<Library> added = new ArrayList<>(after);
        added.removeIf(library -> pairs.stream().anyMatch(p -> p.after() == library));
        return new LibraryPairing(pairs, added, removed);
    }

    /** @return whether neither build has libraries */
    public boolean isEmpty() {
        return pairs.isEmpty() && added.isEmpty() && removed.isEmpty();
    }

    /** @return for example {@code libraries: 24 in both builds (1 changed), 0 new, 0 removed} */
    public String summary() {
        long changed = pairs.stream().filter(Pair::changed).count();
        return "libraries: " + pairs.size() + " in both builds (" + changed + " changed), "
                + added.size() + " new, " + removed.size() + " removed";
    }
}
