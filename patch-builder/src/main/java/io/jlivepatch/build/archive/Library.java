package io.jlivepatch.build.archive;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A library jar nested in a build ({@code BOOT-INF/lib/snakeyaml-1.31.jar}) or beside it in a
 * directory of jars.
 *
 * @param path where it is in the build, for example {@code BOOT-INF/lib/snakeyaml-1.31.jar}
 * @param identity what it is across versions: {@code groupId:artifactId} from its
 *     {@code pom.properties}, else its file name less the version ({@code snakeyaml.jar})
 * @param version its version, from {@code pom.properties} or the file name; empty if neither says
 * @param entries its files by path inside it, sorted
 */
public record Library(String path, String identity, String version, Map<String, byte[]> entries) {

    /** Makes the map unmodifiable. */
    public Library {
        entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /** @return the file name, for example {@code snakeyaml-1.31.jar} */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** @return how many class files it holds */
    public long classCount() {
        return entries.keySet().stream().filter(name -> name.endsWith(".class")).count();
    }

    /** @return for example {@code org.yaml:snakeyaml 1.31} */
    public String describe() {
        return version.isEmpty() ? identity : identity + " " + version;
    }
}
