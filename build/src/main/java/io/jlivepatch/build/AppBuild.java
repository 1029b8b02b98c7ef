package io.jlivepatch.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.objectweb.asm.ClassReader;

/**
 * One build of an application, as {@code jlp build} compares it: the classes of a jar or of a
 * class directory by internal name, and its other files (resources, {@code META-INF}).
 * {@code module-info} and multi-release variants under {@code META-INF/versions} count as files.
 *
 * @param source the jar or directory, for messages
 * @param classes class file by internal name, sorted
 * @param files every other file by its path in the build, sorted
 */
public record AppBuild(Path source, Map<String, byte[]> classes, Map<String, byte[]> files) {

    /** Makes the maps unmodifiable. */
    public AppBuild {
        classes = java.util.Collections.unmodifiableMap(new TreeMap<>(classes));
        files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /**
     * @param path a jar or a directory of class files
     * @return the build it holds
     * @throws BuildException (BAD_INPUT) if it is neither, or cannot be read
     */
    public static AppBuild read(Path path) throws BuildException {
        Map<String, byte[]> entries = new TreeMap<>();
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    for (Path file : walk.filter(Files::isRegularFile).toList()) {
                        entries.put(path.relativize(file).toString().replace('\\', '/'),
                                Files.readAllBytes(file));
                    }
                }
            } else if (Files.isRegularFile(path)) {
                try (ZipFile zip = new ZipFile(path.toFile())) {
                    for (ZipEntry entry : zip.stream().filter(e -> !e.isDirectory()).toList()) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            entries.put(entry.getName(), in.readAllBytes());
                        }
                    }
                }
            } else {
                throw new BuildException(BuildException.Reason.BAD_INPUT, path + ": no such jar"
                        + " or directory; give a jar or a directory of class files");
            }
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.BAD_INPUT, path + ": cannot be read"
                    + " as a jar or a directory of class files: " + e.getMessage());
        }
        Map<String, byte[]> classes = new TreeMap<>();
        Map<String, byte[]> files = new TreeMap<>();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            String name = entry.getKey();
            if (name.endsWith(".class") && !name.startsWith("META-INF/")
                    && !name.endsWith("module-info.class")) {
                classes.put(className(path, name, entry.getValue()), entry.getValue());
            } else {
                files.put(name, entry.getValue());
            }
        }
        return new AppBuild(path, classes, files);
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
