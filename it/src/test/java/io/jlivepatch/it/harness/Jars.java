package io.jlivepatch.it.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The jars and programs the tests use: jlp.jar and the java that runs it (system properties set
 * by the pom), and jars built from the compiled test classes, once per test run, in the work
 * directory.
 */
public final class Jars {

    private static final String APP_PACKAGE = "io/jlivepatch/it/app";
    private static final String PLUGIN_PACKAGE = "io/jlivepatch/it/plugin";
    private static final String PATCHES_PACKAGE = "io/jlivepatch/it/patches";

    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

    private Jars() {
    }

    /**
     * @return the shaded jlp.jar (the CLI and the agent), copied into the work directory at first
     *     use, so that the whole run uses one build of it even if dist is rebuilt meanwhile
     */
    public static Path jlp() {
        return BUILT.computeIfAbsent("jlp.jar", file -> {
            Path built = Path.of(System.getProperty("jlp.jar", "../dist/target/jlp.jar"))
                    .toAbsolutePath().normalize();
            if (!Files.isRegularFile(built)) {
                throw new IllegalStateException("jlp.jar not found at " + built
                        + ": build dist first (mvn -B -DskipTests install)");
            }
            try {
                return Files.copy(built, workDir().resolve(file),
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + built, e);
            }
        });
    }

    /**
     * @param classifier an attached jar of the examples module, for example {@code demo-app}
     * @return that jar, as the build left it
     */
    public static Path example(String classifier) {
        Path jar = Path.of(System.getProperty("jlp.it.examples",
                "../examples/target/jlivepatch-examples-" + System.getProperty("jlp.it.version"))
                + "-" + classifier + ".jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: build examples first"
                    + " (mvn -B -DskipTests install)");
        }
        return jar;
    }

    /** @return the java that runs the child JVMs and the CLI: jlp.it.java, else this JVM's */
    public static Path java() {
        String configured = System.getProperty("jlp.it.java", "");
        return configured.isBlank()
                ? Path.of(System.getProperty("java.home"), "bin", "java")
                : Path.of(configured);
    }

    /**
     * @return the feature version of {@link #java()} (17, 25, ...), read from its
     *     {@code release} file, or 0 if that cannot be read
     */
    public static int javaFeatureVersion() {
        Path release = java().toAbsolutePath().getParent().getParent().resolve("release");
        try {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** @return a directory for this test run's files (jars, CLI output, working directories) */
    public static Path workDir() {
        return WorkDir.PATH;
    }

    /** The work directory, emptied once per run, when first used. */
    private static final class WorkDir {
        static final Path PATH = create();

        private static Path create() {
            String configured = System.getProperty("jlp.it.work", "");
            Path dir = (configured.isBlank()
                    ? testClasses().getParent().resolve("it-work")
                    : Path.of(configured)).toAbsolutePath();
            try {
                if (Files.exists(dir)) {
                    try (Stream<Path> walk = Files.walk(dir)) {
                        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(path);
                        }
                    }
                }
                return Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare " + dir, e);
            }
        }
    }

    /** @return the application jar: the classes of {@code io.jlivepatch.it.app} only */
    public static Path app() {
        return build("app/app.jar", APP_PACKAGE);
    }

    /** @return the plugin jar: the classes of {@code io.jlivepatch.it.plugin} only */
    public static Path plugin() {
        return build("app/plugin.jar", PLUGIN_PACKAGE);
    }

    /**
     * @param name a sub-package of {@code io.jlivepatch.it.patches}, for example {@code "k1"}
     * @return a patch jar of that package's classes, named {@code NAME.jar}
     */
    public static Path patch(String name) {
        return build("patches/" + name + ".jar", PATCHES_PACKAGE + "/" + name);
    }

    /**
     * @return the jar of {@link #patch patch("k1")} with its class file {@code CmdlinePatch}
     *     cut in half: a well-formed jar holding a corrupt class file
     */
    public static Path corruptClassFile() {
        return BUILT.computeIfAbsent("patches/corrupt-class.jar", file -> {
            Path path = workDir().resolve("jars").resolve(file);
            try (java.util.zip.ZipFile k1 = new java.util.zip.ZipFile(patch("k1").toFile());
                    JarOutputStream out = new JarOutputStream(Files.newOutputStream(path))) {
                for (java.util.zip.ZipEntry entry : k1.stream().toList()) {
                    byte[] bytes = k1.getInputStream(entry).readAllBytes();
                    if (entry.getName().endsWith("CmdlinePatch.class")) {
                        bytes = java.util.Arrays.copyOf(bytes, bytes.length / 2);
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    out.write(bytes);
                    out.closeEntry();
                }
                return path;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** @return a file named like a jar that holds no zip data at all */
    public static Path notAJar() {
        return BUILT.computeIfAbsent("patches/not-a-jar.jar", file -> {
            Path path = workDir().resolve("jars").resolve(file);
            try {
                Files.createDirectories(path.getParent());
                return Files.writeString(path, "this is not a zip file\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** @return the application that runs beside other agents: {@code it.beside.app} */
    public static Path besideApp() {
        return build("beside/app.jar", "io/jlivepatch/it/beside/app");
    }

    /**
     * @return the tests' own Byte Buddy agent ({@code it.beside.advice}), which needs
     *     {@link #byteBuddy()} on the class path
     */
    public static Path adviceAgent() {
        return BUILT.computeIfAbsent("beside/advice-agent.jar", f -> writeJar(f,
                "io/jlivepatch/it/beside/advice", Map.of("Premain-Class",
                        "io.jlivepatch.it.beside.advice.AdviceAgent",
                        "Can-Retransform-Classes", "true", "Can-Redefine-Classes", "true")));
    }

    /** @return the OpenTelemetry Java agent the pom resolved */
    public static Path openTelemetryAgent() {
        return resolved("jlp.it.otel");
    }

    /** @return the Byte Buddy jar the pom resolved */
    public static Path byteBuddy() {
        return resolved("jlp.it.bytebuddy");
    }

    private static Path resolved(String property) {
        Path jar = Path.of(System.getProperty(property, ""));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("system property " + property + " names no jar ("
                    + jar + "): run the tests through Maven");
        }
        return jar;
    }

    /** @param file the jar's path under the work directory's {@code jars} */
    private static Path build(String file, String packageDir) {
        return BUILT.computeIfAbsent(file, f -> writeJar(f, packageDir, Map.of()));
    }

    private static Path writeJar(String file, String packageDir, Map<String, String> attributes) {
        Path classesDir = testClasses().resolve(packageDir);
        Path jar = workDir().resolve("jars").resolve(file);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach(manifest.getMainAttributes()::putValue);
        try (Stream<Path> listing = Files.list(classesDir)) {
            List<Path> classes = listing
                    .filter(p -> p.getFileName().toString().endsWith(".class"))
                    .filter(p -> !p.getFileName().toString().equals("package-info.class"))
                    .sorted()
                    .collect(Collectors.toList());
            if (classes.isEmpty()) {
                throw new IllegalStateException("no classes in " + classesDir);
            }
            Files.createDirectories(jar.getParent());
            try (OutputStream out = Files.newOutputStream(jar);
                    JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
                for (Path classFile : classes) {
                    jarOut.putNextEntry(new JarEntry(packageDir + "/" + classFile.getFileName()));
                    jarOut.write(Files.readAllBytes(classFile));
                    jarOut.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build " + jar + " from " + classesDir, e);
        }
    }

    /** @return the folder of the compiled test classes */
    public static Path testClasses() {
        try {
            return Path.of(Jars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
