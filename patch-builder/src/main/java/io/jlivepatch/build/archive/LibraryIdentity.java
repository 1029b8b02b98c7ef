package io.jlivepatch.build.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what a library jar is, so that the same library pairs across a version change: its Maven
 * coordinates from {@code META-INF/maven/GROUP/ARTIFACT/pom.properties}, else its file name less
 * the version.
 */
final class LibraryIdentity {

    /** {@code name-1.2.3.jar}, {@code name-1.2.3-SNAPSHOT.jar}, {@code name-2.0.0.Final.jar}. */
    private static final Pattern VERSIONED = Pattern.compile("(.+?)-(\\d[^/]*)\\.jar");

    private LibraryIdentity() {
    }

    /**
     * @param path where the jar is in the build
     * @param entries its files
     * @return the library, named by coordinates or by file name
     */
    static Library of(String path, Map<String, byte[]> entries) {
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        Matcher versioned = VERSIONED.matcher(fileName);
        String stem = versioned.matches() ? versioned.group(1) : fileName.replaceAll("\\.jar$", "");
        String fileVersion = versioned.matches() ? versioned.group(2) : "";
        Properties pom = pomOf(stem, entries);
        if (pom != null) {
            return new Library(path, pom.getProperty("groupId") + ":"
                    + pom.getProperty("artifactId"), pom.getProperty("version", fileVersion),
                    entries);
        }
        return new Library(path, stem + ".jar", fileVersion, entries);
    }

    /**
     * The jar's own {@code pom.properties}: the only one, or, in a jar that shades others, the
     * one whose artifactId is the file name's.
     */
    private static Properties pomOf(String stem, Map<String, byte[]> entries) {
        List<Properties> found = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            if (entry.getKey().startsWith("META-INF/maven/")
                    && entry.getKey().endsWith("/pom.properties")) {
                Properties properties = new Properties();
                try {
                    properties.load(new ByteArrayInputStream(entry.getValue()));
                } catch (IOException | IllegalArgumentException e) {
                    continue;
                }
                if (properties.getProperty("groupId") != null
                        && properties.getProperty("artifactId") != null) {
                    found.add(properties);
                }
            }
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        return found.stream().filter(p -> p.getProperty("artifactId").equals(stem)).findFirst()
                .orElse(null);
    }
}
