package io.jlivepatch.build;

import io.jlivepatch.build.archive.Archive;
import io.jlivepatch.build.archive.ArchiveReader;
import io.jlivepatch.build.archive.Library;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.jar.Manifest;
import org.objectweb.asm.ClassReader;

/**
 * One build of an application, as {@code jlp build} compares it: the classes of a jar, a class
 * directory, a directory of jars, a Spring Boot fat jar or a WAR, with those of its nested
 * libraries, by internal name, and its other files (resources, {@code META-INF}), those of a
 * library under {@code IDENTITY!/path}. {@code module-info} and multi-release variants under
 * {@code META-INF/versions} count as files. Where the application and a library, or two
 * libraries, hold a class of the same name, the first in class-path order counts: the
 * application's own classes, then the libraries in the order of the build.
 *
 * @param source the jar, WAR or directory, for messages
 * @param classes class file by internal name, sorted
 * @param files every other file by its path in the build, sorted
 * @param libraries its nested libraries, in the order of the build
 */
public record AppBuild(Path source, Map<String, byte[]> classes, Map<String, byte[]> files,
        List<Library> libraries) {

    /** Makes the collections unmodifiable. */
    public AppBuild {
        classes = java.util.Collections.unmodifiableMap(new TreeMap<>(classes));
        files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
        libraries = List.copyOf(libraries);
    }

    /**
     * @param path a jar, a WAR, a directory of class files or of jars
     * @return the build it holds
     * @throws BuildException (BAD_INPUT) if it is none of these, or cannot be read
     */
    public static AppBuild read(Path path) throws BuildException {
        return read(path, line -> { });
    }

    /**
     * @param path a jar, a WAR, a directory of class files or of jars
     * @param progress receives a line now and then while a large build is read
     * @return the build it holds
     * @throws BuildException (BAD_INPUT) if it is none of these, or cannot be read
     */
    public static AppBuild read(Path path, Consumer<String> progress) throws BuildException {
        if (!Files.exists(path)) {
            throw new BuildException(BuildException.Reason.BAD_INPUT, path + ": no such jar,"
                    + " WAR or directory; give a jar, a WAR, or a directory of class files or"
                    + " of jars");
        }
        Archive archive;
        try {
            archive = ArchiveReader.read(path, progress);
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.BAD_INPUT, path + ": cannot be read"
                    + " as a jar, a WAR or a directory of class files: " + e.getMessage());
        }
        Map<String, byte[]> classes = new TreeMap<>();
        Map<String, byte[]> files = new TreeMap<>();
        sort(path, "", archive.entries(), classes, files);
        for (Library library : archive.libraries()) {
            sort(path, library.identity() + "!/", library.entries(), classes, files);
        }
        return new AppBuild(path, classes, files, archive.libraries());
    }

    private static void sort(Path path, String prefix, Map<String, byte[]> entries,
            Map<String, byte[]> classes, Map<String, byte[]> files) throws BuildException {
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            String name = entry.getKey();
            if (name.endsWith(".class") && !name.startsWith("META-INF/")
                    && !name.endsWith("module-info.class")) {
                classes.putIfAbsent(className(path, prefix + name, entry.getValue()),
                        entry.getValue());
            } else {
                files.put(prefix + name, entry.getValue());
            }
        }
    }

    private static String className(Path path, String entry, byte[] bytes)
            throws BuildException {
        try {
            return new ClassReader(bytes).getClassName();
        } catch (RuntimeException e) {
            throw new BuildException(BuildException.Reason.BAD_INPUT, path + ": " + entry
                    + " is not a valid class file: " + e);
        }
    }

    /**
     * Which JDK made the build, as far as it says: the manifest's {@code Build-Jdk},
     * {@code Build-Jdk-Spec} or {@code Created-By}, and the newest class-file version in it (a
     * jar tool of one JDK may package classes compiled by another).
     *
     * @return for example {@code JDK 17.0.2, class files of Java 17}
     */
    public String jdk() {
        String declared = declaredJdk();
        String classFiles = "class files of Java " + newestClassFileJava();
        return declared == null ? classFiles : declared + ", " + classFiles;
    }

    /** @return the Java version of the newest class file in the build (a major version - 44) */
    public int newestClassFileJava() {
        int newest = 0;
        for (byte[] bytes : classes.values()) {
            newest = Math.max(newest, ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF));
        }
        return newest - 44;
    }

    private String declaredJdk() {
        byte[] manifest = files.get("META-INF/MANIFEST.MF");
        if (manifest == null) {
            return null;
        }
        try {
            var main = new Manifest(new java.io.ByteArrayInputStream(manifest)).getMainAttributes();
            for (String key : new String[] {"Build-Jdk", "Build-Jdk-Spec", "Created-By"}) {
                String value = main.getValue(key);
                if (value != null && !value.isBlank()) {
                    return "JDK " + value.trim();
                }
            }
        } catch (IOException e) {
            // an unreadable manifest says nothing about the JDK; the class files still do
        }
        return null;
    }
}
