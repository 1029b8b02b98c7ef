package io.jlivepatch.bench.e2e;

import io.jlivepatch.bench.Figure;
import io.jlivepatch.bench.PatchJar;
import io.jlivepatch.bench.RunMode;
import io.jlivepatch.bench.Scenario;
import io.jlivepatch.bench.Stats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code jlp load} on a running JVM, end to end (DESIGN §9: under 1 s, of which attach is most),
 * timed from starting the {@code jlp} process to its exit, as a user would see it: the CLI's own
 * JVM start, attach, agent load where needed, JMX, the transition. Three cases, each on fresh
 * target JVMs: the first load into a JVM without the agent (attach and agent load included), a
 * second load into the same JVM (attach, agent present), and a load into a JVM started with
 * {@code -javaagent:jlp.jar}. Beside them, {@code jlp --version}: the CLI's JVM start alone.
 *
 * <p>Needs the system property {@code jlp.jar}, the path of {@code dist/target/jlp.jar}.
 */
public final class EndToEndScenario implements Scenario {

    @Override
    public void run(RunMode mode, Consumer<Figure> out) throws Exception {
        int repeats = mode.pick(3, 7);
        Path jlpJar = Paths.get(System.getProperty("jlp.jar", "dist/target/jlp.jar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(jlpJar)) {
            out.accept(Figure.skip("e2e", "no " + jlpJar + "; build it with mvn -B -q"
                    + " -DskipTests package"));
            return;
        }
        Path dir = Files.createTempDirectory("jlp-bench-e2e");
        double[] version = new double[repeats];
        double[] first = new double[repeats];
        double[] again = new double[repeats];
        double[] preloaded = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            version[r] = jlp(jlpJar, List.of("--version"));
            Process target = startTarget(List.of());
            try {
                first[r] = jlp(jlpJar, load(target, patch(dir, "e2e-first-" + r)));
                again[r] = jlp(jlpJar, load(target, patch(dir, "e2e-again-" + r)));
            } finally {
                stop(target);
            }
            Process withAgent = startTarget(List.of("-javaagent:" + jlpJar));
            try {
                preloaded[r] = jlp(jlpJar, load(withAgent, patch(dir, "e2e-preloaded-" + r)));
            } finally {
                stop(withAgent);
            }
        }
        report(out, "e2e.cli_start_only", version);
        report(out, "e2e.load.attach_first", first);
        report(out, "e2e.load.attach_again", again);
        report(out, "e2e.load.preloaded", preloaded);
    }

    private static void report(Consumer<Figure> out, String name, double[] millis) {
        out.accept(Figure.bench(name + ".median", Stats.median(millis), "ms"));
        out.accept(Figure.bench(name + ".worst", Stats.max(millis), "ms"));
    }

    private static Path patch(Path dir, String name) throws IOException {
        return new PatchJar(name, false).add(TickFix.class.getName())
                .write(dir.resolve(name + ".jar"));
    }

    private static List<String> load(Process target, Path jar) {
        return List.of("load", Long.toString(target.pid()), jar.toString());
    }

    private static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts a target JVM and waits until it prints {@code ready}. */
    private static Process startTarget(List<String> flags) throws IOException {
        String classes = Paths.get(TickApp.class.getProtectionDomain().getCodeSource()
                .getLocation().getPath()).toString();
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(flags);
        command.addAll(List.of("-cp", classes, TickApp.class.getName()));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (!"ready".equals(line)) {
            process.destroyForcibly();
            throw new IOException("the target JVM did not start: " + command);
        }
        return process;
    }

    /** @return milliseconds from starting {@code jlp ARGS}, as {@code bin/jlp} runs it, to its exit */
    private static double jlp(Path jlpJar, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-jar",
                jlpJar.toString()));
        command.addAll(args);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + new String(output, StandardCharsets.UTF_8));
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
