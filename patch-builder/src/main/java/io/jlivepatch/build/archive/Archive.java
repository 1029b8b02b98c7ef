package io.jlivepatch.build.archive;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A build as it was read: the application's own files, with the folder of its classes
 * ({@code BOOT-INF/classes/}, {@code WEB-INF/classes/}) taken off their paths, and its libraries.
 *
 * @param source the jar, WAR or directory, for messages
 * @param layout what kind of build it is
 * @param entries the application's own files by path, sorted
 * @param libraries its nested libraries, in the order of the build
 */
public record Archive(Path source, Layout layout, Map<String, byte[]> entries,
        List<Library> libraries) {

    /** Makes the collections unmodifiable. */
    public Archive {
        entries = Collections.unmodifiableMap(new TreeMap<>(entries));
        libraries = List.copyOf(libraries);
    }
}
