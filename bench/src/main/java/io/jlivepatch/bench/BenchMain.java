package io.jlivepatch.bench;

import io.jlivepatch.bench.beside.BesideAgentBenchmark;
import io.jlivepatch.bench.redirect.RedirectBenchmark;
import io.jlivepatch.bench.redirect.SwitchedCallBenchmark;
import io.jlivepatch.bench.shadow.ShadowBenchmark;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmark runner that {@code bench/run} starts: the JMH benchmarks, then each scenario in
 * a JVM of its own, all on the JDK running this class. Prints every figure as a machine line when
 * it is measured, then a table and the goals of DESIGN §9, and writes the run as JSON under
 * {@code bench/target/}.
 *
 * <p>Usage: {@code BenchMain quick|full [PART...]}, where a PART ({@code redirect},
 * {@code transition-cost}, {@code latency-10}, {@code latency-100}, {@code latency-1000},
 * {@code end-to-end}, {@code http-load}, {@code memory}, {@code torture}, {@code shadow})
 * limits the run to those parts. System properties: {@code bench.root}, the repository root (default: the working
 * directory); {@code jlp.jar} (default: {@code dist/target/jlp.jar} under the root).
 */
public final class BenchMain {

    static final List<String> SCENARIOS = List.of("transition-cost", "latency-10",
            "latency-100", "latency-1000", "end-to-end", "http-load", "memory", "torture");

    private BenchMain() {
    }

    /** Runs the benchmarks; exits with 1 on a usage error. */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: bench/run quick|full [PART...]");
            System.exit(1);
        }
        RunMode mode = RunMode.of(args[0]);
        List<String> parts = Arrays.asList(args).subList(1, args.length);
        Path root = Paths.get(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        String jlpJar = System.getProperty("jlp.jar",
                root.resolve("dist/target/jlp.jar").toString());
        Report report = new Report(context(mode));
        if (selected(parts, "redirect")) {
            redirect(mode, report);
        }
        for (String scenario : SCENARIOS) {
            if (selected(parts, scenario)) {
                scenario(scenario, mode, jlpJar, report);
            }
        }
        if (selected(parts, "shadow")) {
            shadowVariables(mode, report);
        }
        System.out.println();
        System.out.print(report.table());
        System.out.println();
        System.out.println("goals (DESIGN section 9):");
        for (Goal goal : Goal.ALL) {
            // Every goal is an upper bound: a figure that did not complete in time misses it.
            String verdict = report.timedOut(goal.figure()) ? "MISSED"
                    : goal.verdict(report.value(goal.figure()));
            System.out.printf("  %-13s %s (%s = %s)%n", verdict, goal.text(),
                    goal.figure(), report.shown(goal.figure()));
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path json = root.resolve("bench/target/bench-" + mode + "-jdk"
                + Runtime.version().feature() + "-" + stamp + ".json");
        report.writeJson(json);
        System.out.println();
        System.out.println("JSON " + json);
        System.exit(0);
    }

    private static boolean selected(List<String> parts, String part) {
        return parts.isEmpty() || parts.contains(part);
    }

    private static Map<String, String> context(RunMode mode) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("mode", mode.toString());
        context.put("java", System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        context.put("java.home", System.getProperty("java.home"));
        context.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        context.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch"));
        context.put("started", LocalDateTime.now().toString());
        return context;
    }

    /**
     * The JMH benchmarks: each in JVMs of its own (forks), so no benchmark sees another's
     * patches.
     */
    private static void redirect(RunMode mode, Report report) throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(RedirectBenchmark.class.getName() + "\\.")
                .include(SwitchedCallBenchmark.class.getName() + "\\.")
                .include(BesideAgentBenchmark.class.getName() + "\\.")
                // Code layout differs from one JVM to the next by a few percent; full mode
                // averages three JVMs per benchmark to resolve the 1 % goal.
                .forks(mode.pick(1, 3))
                .warmupIterations(mode.pick(3, 5))
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(mode.pick(5, 10))
                .measurementTime(TimeValue.seconds(mode.pick(1, 2)))
                .jvmArgsAppend(BenchEngine.JVM_FLAGS)
                .shouldFailOnError(true);
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, String> names = Map.of(
                "neverPatched", "redirect.never_patched",
                "patched", "redirect.patched",
                "restored", "redirect.restored",
                "fixedCompiledIn", "redirect.fixed_compiled_in",
                "patchedJava6", "redirect.java6.patched",
                "fixedCompiledInJava6", "redirect.java6.fixed_compiled_in",
                "switchedDuringTransition", "transition.jmh.switched_during_transition");
        Map<String, Double> scores = new HashMap<>();
        for (RunResult run : results) {
            String benchmark = run.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            Result<?> primary = run.getPrimaryResult();
            String name = names.getOrDefault(method, "redirect." + method);
            if (benchmark.startsWith(BesideAgentBenchmark.class.getName() + ".")) {
                name = name.replace("redirect.", "beside_agent.");
            }
            scores.put(name, primary.getScore());
            report.add(Figure.bench(name, primary.getScore(), primary.getScoreUnit()));
            report.add(Figure.bench(name + ".error", primary.getScoreError(),
                    primary.getScoreUnit()));
        }
        report.add(Figure.ratio("redirect.patched_over_fixed_compiled_in",
                scores.getOrDefault("redirect.patched", Double.NaN)
                        / scores.getOrDefault("redirect.fixed_compiled_in", Double.NaN)));
        report.add(Figure.ratio("redirect.java6.patched_over_fixed_compiled_in",
                scores.getOrDefault("redirect.java6.patched", Double.NaN)
                        / scores.getOrDefault("redirect.java6.fixed_compiled_in", Double.NaN)));
        report.add(Figure.ratio("beside_agent.patched_over_fixed_compiled_in",
                scores.getOrDefault("beside_agent.patched", Double.NaN)
                        / scores.getOrDefault("beside_agent.fixed_compiled_in", Double.NaN)));
        report.add(Figure.ratio("redirect.restored_over_never_patched",
                scores.getOrDefault("redirect.restored", Double.NaN)
                        / scores.getOrDefault("redirect.never_patched", Double.NaN)));
        report.add(Figure.bench("transition.jmh.added_switched",
                scores.getOrDefault("transition.jmh.switched_during_transition", Double.NaN)
                        - scores.getOrDefault("redirect.patched", Double.NaN), "ns/op"));
    }

    /** Runs one scenario in a JVM of its own and adds the figures it prints. */
    private static void scenario(String name, RunMode mode, String jlpJar, Report report)
            throws Exception {
        System.out.println("# scenario " + name);
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(BenchEngine.JVM_FLAGS));
        command.addAll(List.of("-Djlp.jar=" + jlpJar, "-cp",
                System.getProperty("java.class.path"), ScenarioMain.class.getName(), name,
                mode.toString()));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long limitMinutes = mode.pick(5, 20);
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(limitMinutes, TimeUnit.MINUTES)) {
                    timedOut.set(true);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(
                process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Optional<Figure> figure = Figure.parse(line);
                if (figure.isPresent()) {
                    report.add(figure.get());
                } else {
                    System.out.println(line);
                }
            }
        }
        int exit = process.waitFor();
        if (timedOut.get()) {
            report.add(Figure.skip("scenario." + name, "stopped after " + limitMinutes
                    + " minutes; the figures before this line are complete"));
        } else if (exit != 0) {
            report.add(Figure.skip("scenario." + name, "failed with exit code " + exit
                    + "; its error is printed above"));
        }
    }

    /** Shadow variables are benchmarked once they exist (a later issue). */
    /** {@code ShadowVariables.get} against a field read and a {@code ConcurrentHashMap}. */
    private static void shadowVariables(RunMode mode, Report report) throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(ShadowBenchmark.class.getName() + "\\.")
                .forks(1)
                .warmupIterations(mode.pick(3, 5))
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(mode.pick(5, 10))
                .measurementTime(TimeValue.seconds(mode.pick(1, 2)))
                .shouldFailOnError(true);
        Map<String, Double> scores = new HashMap<>();
        for (RunResult run : new Runner(options.build()).run()) {
            String benchmark = run.getParams().getBenchmark();
            String name = "shadow." + benchmark.substring(benchmark.lastIndexOf('.') + 1);
            Result<?> primary = run.getPrimaryResult();
            scores.put(name, primary.getScore());
            report.add(Figure.bench(name, primary.getScore(), primary.getScoreUnit()));
            report.add(Figure.bench(name + ".error", primary.getScoreError(),
                    primary.getScoreUnit()));
        }
        report.add(Figure.ratio("shadow.get_over_field", scores.getOrDefault("shadow.shadowGet",
                Double.NaN) / scores.getOrDefault("shadow.fieldRead", Double.NaN)));
        report.add(Figure.ratio("shadow.get_over_concurrent_hash_map",
                scores.getOrDefault("shadow.shadowGet", Double.NaN)
                        / scores.getOrDefault("shadow.concurrentHashMap", Double.NaN)));
    }
}
