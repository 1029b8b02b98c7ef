package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.build.archive.ArchiveReader;
import io.jlivepatch.build.archive.Layout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds as users ship them: a change inside a library nested in a Spring Boot jar or a WAR, or
 * in a directory of jars, is found and carried; libraries are paired across a version change by
 * their Maven coordinates, else by file name; a library that appears or goes is reported.
 */
class ArchiveBuildsTest {

    @TempDir
    Path dir;

    private static final String PARSER = """
            package lib;
            public class Parser {
                public static String parse(String s) { return "v1:" + s; }
            }
            """;

    private static final String APP = """
            package app;
            public class Main {
                public static String run() { return lib.Parser.parse("x"); }
            }
            """;

    private Path libraryJar(String name, String source, String pomVersion) throws IOException {
        Path jar = SourceBuilds.jar(dir, name, Map.of("lib/Parser.java", source));
        if (pomVersion == null) {
            return jar;
        }
        Map<String, byte[]> entries = entries(jar);
        entries.put("META-INF/maven/org.acme/parser/pom.properties", ("groupId=org.acme\n"
                + "artifactId=parser\nversion=" + pomVersion + "\n").getBytes());
        return zip(dir.resolve(name + "-with-pom.jar"), entries);
    }

    /** The application's classes: {@code app.Main}, compiled against the library. */
    private Path appClasses(String name) throws IOException {
        return SourceBuilds.jar(dir, name + "-main", Map.of("app/Main.java", APP,
                "lib/Parser.java", PARSER));
    }

    /** A fat jar (or WAR) of the app's Main and the given library jars. */
    private Path fat(String name, String classes, String libs, Path... libraries)
            throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> entry : entries(appClasses(name)).entrySet()) {
            if (entry.getKey().startsWith("app/")) {
                entries.put(classes + entry.getKey(), entry.getValue());
            }
        }
        for (Path library : libraries) {
            entries.put(libs + library.getFileName().toString().replace("-with-pom", ""),
                    Files.readAllBytes(library));
        }
        return zip(dir.resolve(name), entries);
    }

    private static Map<String, byte[]> entries(Path jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (var entry : zip.stream().filter(e -> !e.isDirectory()).toList()) {
                entries.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
            }
        }
        return entries;
    }

    private static Path zip(Path path, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(path);
                JarOutputStream jar = new JarOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(entry.getKey()));
                jar.write(entry.getValue());
                jar.closeEntry();
            }
        }
        return path;
    }

    private Changes build(Path from, Path to) throws BuildException {
        return PatchBuild.write(new PatchBuild.Options(from, to, "fix", true, ClassFilter.all(),
                List.of()), dir.resolve("patch.jar"));
    }

    @Test
    void libraryUpgradeInsideASpringBootJarIsPairedByCoordinatesAndCarried() throws Exception {
        Path v1 = fat("v1.jar", "BOOT-INF/classes/", "BOOT-INF/lib/",
                libraryJar("parser-1.31", PARSER, "1.31"));
        Path v2 = fat("v2.jar", "BOOT-INF/classes/", "BOOT-INF/lib/",
                libraryJar("parser-1.32", PARSER.replace("v1:", "v2:"), "1.32"));
        List<String> report = build(v1, v2).report();
        assertEquals("notice: library org.acme:parser: 1.31 -> 1.32 (BOOT-INF/lib/parser-1.31.jar"
                + " -> BOOT-INF/lib/parser-1.32.jar): its classes are compared with the running"
                + " ones", report.get(0));
        assertTrue(report.contains("changed method: lib.Parser.parse(Ljava/lang/String;)"
                + "Ljava/lang/String;"), report.toString());
        assertEquals("libraries: 1 in both builds (1 changed), 0 new, 0 removed",
                report.get(report.size() - 1));
    }

    @Test
    void libraryInAWarWithoutCoordinatesIsPairedByFileNameLessVersion() throws Exception {
        Path v1 = fat("v1.war", "WEB-INF/classes/", "WEB-INF/lib/",
                libraryJar("parser-2.0.1", PARSER, null));
        Path v2 = fat("v2.war", "WEB-INF/classes/", "WEB-INF/lib/",
                libraryJar("parser-2.0.2", PARSER.replace("v1:", "v2:"), null));
        List<String> report = build(v1, v2).report();
        assertTrue(report.get(0).startsWith("notice: library parser.jar: 2.0.1 -> 2.0.2"),
                report.toString());
        assertTrue(report.contains("changed method: lib.Parser.parse(Ljava/lang/String;)"
                + "Ljava/lang/String;"), report.toString());
    }

    @Test
    void directoryOfJarsIsReadAsLibraries() throws Exception {
        Path v1 = Files.createDirectories(dir.resolve("v1-lib"));
        Path v2 = Files.createDirectories(dir.resolve("v2-lib"));
        Files.copy(libraryJar("parser-1.0", PARSER, null), v1.resolve("parser-1.0.jar"));
        Files.copy(libraryJar("parser-1.1", PARSER.replace("v1:", "v2:"), null),
                v2.resolve("parser-1.1.jar"));
        assertEquals(Layout.JAR_DIRECTORY, ArchiveReader.read(v1, line -> { }).layout());
        assertTrue(build(v1, v2).report().contains("changed method: lib.Parser.parse("
                + "Ljava/lang/String;)Ljava/lang/String;"));
    }

    @Test
    void libraryThatAppearsOrGoesIsReportedNeverIgnored() throws Exception {
        Path v1 = fat("v1.jar", "BOOT-INF/classes/", "BOOT-INF/lib/",
                libraryJar("parser-1.0", PARSER, "1.0"));
        Path other = SourceBuilds.jar(dir, "json-3.1", Map.of("json/Json.java",
                "package json; public class Json { }"));
        Path v2 = fat("v2.jar", "BOOT-INF/classes/", "BOOT-INF/lib/", other);
        List<String> report = PatchBuild.report(new PatchBuild.Options(v1, v2, "fix", true,
                ClassFilter.all(), List.of())).report();
        assertTrue(report.contains("notice: new library json.jar 3.1: BOOT-INF/lib/json-3.1.jar,"
                + " 1 classes: the patch carries those the changed code uses"), report.toString());
        assertTrue(report.contains("warning: library removed org.acme:parser 1.0:"
                + " BOOT-INF/lib/parser-1.0.jar, 1 classes: a patch cannot remove classes, the"
                + " running JVM keeps them as they are"), report.toString());
        assertEquals("libraries: 0 in both builds (0 changed), 1 new, 1 removed",
                report.get(report.size() - 1));
    }

    @Test
    void largeArchiveTellsItsProgress() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        for (int i = 0; i < 2_100; i++) {
            sources.put("big/C" + i + ".java", "package big; class C" + i + " { }");
        }
        Path big = SourceBuilds.jar(dir, "big-1.0", sources);
        Path fat = fat("big.jar", "BOOT-INF/classes/", "BOOT-INF/lib/", big);
        List<String> lines = new ArrayList<>();
        ArchiveReader.read(fat, lines::add);
        assertEquals(List.of("reading big.jar: 2,000 classes",
                "read big.jar (Spring Boot jar): 2,101 classes, 1 library"), lines);
    }

    @Test
    void nestedJarThatIsNotAJarIsABadInputNamingIt() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken-1.0.jar"), "not a zip");
        Path fat = fat("broken.war", "WEB-INF/classes/", "WEB-INF/lib/", broken);
        BuildException e = assertThrows(BuildException.class, () -> AppBuild.read(fat));
        assertTrue(e.getMessage().contains("WEB-INF/lib/broken-1.0.jar"), e.getMessage());
    }
}
