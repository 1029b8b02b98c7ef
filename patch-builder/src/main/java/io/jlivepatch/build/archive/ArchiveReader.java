package io.jlivepatch.build.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Reads a build as users deploy it: a plain jar, a class directory, a directory of jars, a
 * Spring Boot fat jar or a WAR (packed or exploded), with the library jars nested in it. Tells
 * its progress every {@value #PROGRESS_EVERY} classes, since a fat jar holds thousands.
 */
public final class ArchiveReader {

    /** Classes read between two progress lines. */
    static final int PROGRESS_EVERY = 2_000;

    private final Consumer<String> progress;
    private int classes;
    private int reported;

    private ArchiveReader(Consumer<String> progress) {
        this.progress = progress;
    }

    /**
     * @param path a jar, a WAR, a directory of class files or of jars
     * @param progress receives a line now and then while a large build is read
     * @return what it holds
     * @throws IOException if it cannot be read, or is none of these
     */
    public static Archive read(Path path, Consumer<String> progress) throws IOException {
        return new ArchiveReader(progress).readArchive(path);
    }

    private Archive readArchive(Path path) throws IOException {
        Map<String, byte[]> top = Files.isDirectory(path) ? directory(path) : zip(path);
        Layout layout = layoutOf(path, top);
        String classesFolder = layout.classesFolder();
        String libraryFolder = layout.libraryFolder();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        List<Library> libraries = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : top.entrySet()) {
            String name = entry.getKey();
            if (isLibrary(name, libraryFolder)) {
                libraries.add(LibraryIdentity.of(name, nested(path, name, entry.getValue())));
            } else if (!classesFolder.isEmpty() && name.startsWith(classesFolder)) {
                entries.put(name.substring(classesFolder.length()), entry.getValue());
                count(path, name);
            } else {
                entries.put(name, entry.getValue());
                count(path, name);
            }
        }
        if (!libraries.isEmpty() || classes >= PROGRESS_EVERY) {
            progress.accept("read " + path.getFileName() + " (" + layout.label() + "): "
                    + String.format("%,d", classes) + " classes, " + libraries.size()
                    + (libraries.size() == 1 ? " library" : " libraries"));
        }
        return new Archive(path, layout, entries, libraries);
    }

    private static boolean isLibrary(String name, String libraryFolder) {
        return libraryFolder != null && name.endsWith(".jar") && name.startsWith(libraryFolder)
                && (libraryFolder.isEmpty() || name.indexOf('/', libraryFolder.length()) < 0);
    }

    private static Layout layoutOf(Path path, Map<String, byte[]> top) {
        boolean hasClasses = false;
        boolean hasJars = false;
        for (String name : top.keySet()) {
            if (name.startsWith("BOOT-INF/")) {
                return Layout.SPRING_BOOT_JAR;
            }
            if (name.startsWith("WEB-INF/")) {
                return Layout.WAR;
            }
            hasClasses |= name.endsWith(".class");
            hasJars |= name.endsWith(".jar");
        }
        if (!Files.isDirectory(path)) {
            return Layout.JAR;
        }
        return hasJars && !hasClasses ? Layout.JAR_DIRECTORY : Layout.CLASS_DIRECTORY;
    }

    private Map<String, byte[]> nested(Path path, String name, byte[] jar) throws IOException {
        if (jar.length < 4 || jar[0] != 'P' || jar[1] != 'K') {
            throw new IOException(name + " in it is not a jar (no zip header)");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (!entry.isDirectory()) {
                    entries.put(entry.getName(), in.readAllBytes());
                    count(path, entry.getName());
                }
            }
        } catch (IOException e) {
            throw new IOException(name + " in it is not a readable jar: " + e.getMessage(), e);
        }
        return entries;
    }

    private void count(Path path, String name) {
        if (name.endsWith(".class") && ++classes - reported >= PROGRESS_EVERY) {
            reported = classes;
            progress.accept("reading " + path.getFileName() + ": "
                    + String.format("%,d", classes) + " classes");
        }
    }

    private static Map<String, byte[]> directory(Path path) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                entries.put(path.relativize(file).toString().replace('\\', '/'),
                        Files.readAllBytes(file));
            }
        }
        return entries;
    }

    private static Map<String, byte[]> zip(Path path) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            for (ZipEntry entry : zip.stream().filter(e -> !e.isDirectory()).toList()) {
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }
}
