package io.jlivepatch.it.harness;

import io.jlivepatch.client.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs the {@code jlp} CLI as a user would: {@code java -jar jlp.jar ARGS}, with a time limit. */
public final class Jlp {

    /** No CLI command in these tests may take longer than this. */
    private static final long TIMEOUT_SECONDS = 90;

    private static final AtomicInteger RUNS = new AtomicInteger();

    private Jlp() {
    }

    /**
     * What one CLI run did.
     *
     * @param args the arguments given to jlp
     * @param exit the exit code, or -1 if it was killed after the time limit
     * @param out its stdout
     * @param err its stderr
     */
    public record Result(List<String> args, int exit, String out, String err) {

        /** @return stdout and stderr together, for checks that do not care which */
        public String output() {
            return out + err;
        }

        /** @return stdout read as one JSON object, as {@code --json} prints it */
        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            return (Map<String, Object>) Json.read(out.trim());
        }

        /** @return the lines of stdout */
        public List<String> outLines() {
            return out.lines().toList();
        }

        /** @return everything about the run, for assertion messages */
        public String describe() {
            return "jlp " + String.join(" ", args) + " -> exit " + exit
                    + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    /**
     * @param args the jlp arguments; numbers and paths are turned into strings
     * @return what the run did
     */
    public static Result run(Object... args) {
        List<String> argList = new ArrayList<>();
        for (Object arg : args) {
            argList.add(String.valueOf(arg));
        }
        List<String> command = new ArrayList<>(List.of(
                Jars.java().toString(), "-jar", Jars.jlp().toString()));
        command.addAll(argList);
        Path dir = Jars.workDir().resolve("cli");
        int run = RUNS.incrementAndGet();
        try {
            Files.createDirectories(dir);
            Path out = dir.resolve(run + ".out");
            Path err = dir.resolve(run + ".err");
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            int exit;
            if (process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                exit = process.exitValue();
            } else {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                exit = -1;
            }
            return new Result(argList, exit, Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /**
     * Runs jlp and requires exit code 0.
     *
     * @param args the jlp arguments
     * @return what the run did
     */
    public static Result ok(Object... args) {
        Result result = run(args);
        if (result.exit() != 0) {
            throw new AssertionError("expected exit 0: " + result.describe());
        }
        return result;
    }

    /**
     * The kernel harness's filter for dmesg: keep the lines holding {@code livepatch:}, from
     * there on (dropping any time stamp or level in front).
     *
     * @param text log output
     * @return the event lines, in order
     */
    public static List<String> livepatchLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            int at = line.indexOf("livepatch: ");
            if (at >= 0) {
                lines.add(line.substring(at).stripTrailing());
            }
        }
        return lines;
    }
}
