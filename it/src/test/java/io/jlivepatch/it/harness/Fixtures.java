package io.jlivepatch.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Real applications built by Maven in the test, from the projects under
 * {@code src/test/fixtures}: each variant is built once per run, on first use, into the work
 * directory, and shared by every test that asks for it.
 */
public final class Fixtures {

    private static final long BUILD_MINUTES = 10;
    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    /**
     * A build of a fixture project, made once per run.
     *
     * @param project the folder under {@code src/test/fixtures}, for example {@code boot-app}
     * @param variant a name for this build, for example {@code v1}
     * @param edit changes the copied project's sources (by file text) before the build
     * @param mavenArgs more Maven arguments, for example {@code -Dsnakeyaml.version=1.32}
     * @return the project's copy, built ({@code target/} holds the artifact)
     */
    public static Path build(String project, String variant, Map<String, UnaryOperator<String>> edit,
            String... mavenArgs) {
        return BUILT.computeIfAbsent(project + "/" + variant, key -> {
            Path copy = copy(project, variant, edit);
            List<String> command = new ArrayList<>(List.of(maven(), "-B", "-q", "-DskipTests",
                    "package"));
            command.addAll(List.of(mavenArgs));
            run(command, copy);
            return copy;
        });
    }

    /**
     * A fresh copy of a fixture project, not built.
     *
     * @param project the folder under {@code src/test/fixtures}
     * @param variant a name for the copy
     * @param edit changes the copy's sources (by file text)
     * @return the copy
     */
    public static Path copy(String project, String variant,
            Map<String, UnaryOperator<String>> edit) {
        Path copy = Jars.workDir().resolve("fixtures").resolve(project + "-" + variant);
        copyProject(source(project), copy);
        edit.forEach((file, change) -> {
            Path path = copy.resolve(file);
            try {
                Files.writeString(path, change.apply(Files.readString(path)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return copy;
    }

    /**
     * Runs Maven in a directory and requires success.
     *
     * @param command the command line, {@link #maven()} first
     * @param dir where to run it
     */
    public static void run(List<String> command, Path dir) {
        if (exec(command, dir) != 0) {
            throw new IllegalStateException(command + " in " + dir + " failed:\n"
                    + log(dir));
        }
    }

    /**
     * Runs Maven in a directory and requires it to fail.
     *
     * @param command the command line, {@link #maven()} first
     * @param dir where to run it
     * @return its output
     */
    public static String runExpectingFailure(List<String> command, Path dir) {
        if (exec(command, dir) == 0) {
            throw new AssertionError(command + " in " + dir + " succeeded:\n" + log(dir));
        }
        return log(dir);
    }

    /**
     * @param dir a fixture copy
     * @return the output of the last Maven run in it
     */
    public static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("maven.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int exec(List<String> command, Path dir) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("maven.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!process.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(command + " in " + dir + " did not finish");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the Maven that runs these tests ({@code maven.home}), else {@code mvn} */
    public static String maven() {
        String home = System.getProperty("maven.home", "");
        Path mvn = Path.of(home, "bin", "mvn");
        return !home.isBlank() && Files.isExecutable(mvn) ? mvn.toString() : "mvn";
    }

    private static Path source(String project) {
        Path dir = Path.of(System.getProperty("jlp.it.fixtures", "src/test/fixtures"))
                .resolve(project).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("fixture project " + dir + " not found");
        }
        return dir;
    }

    private static void copyProject(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from, e);
        }
    }
}
