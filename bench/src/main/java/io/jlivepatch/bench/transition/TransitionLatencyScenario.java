package io.jlivepatch.bench.transition;

import io.jlivepatch.bench.BenchEngine;
import io.jlivepatch.bench.Figure;
import io.jlivepatch.bench.GeneratedTarget;
import io.jlivepatch.bench.PatchJar;
import io.jlivepatch.bench.RunMode;
import io.jlivepatch.bench.Scenario;
import io.jlivepatch.bench.Stats;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Transition latency (DESIGN §9: 1,000 functions with 200 busy threads in under 100 ms; issue
 * 18: at most a plain redefinition's time): from {@code Engine.load} to the completion of the
 * patching transition, for a generated class of N functions, with T busy threads calling every
 * function in a loop and none blocked in one; median and worst of the repeats. Each repeat loads
 * a patch, replaces it with an atomic-replace patch of the same fix, and disables that one:
 * load, replace and disable each from the call to the completion of its transition. Beside
 * them, the anchor: plain {@code Instrumentation.redefineClasses} of the same fix (the class
 * with the fix compiled in), under the same threads, which has no consistency model at all; the
 * RATIO lines divide each median by the anchor's median of the same run.
 *
 * <p>Each load, replace and disable, call and transition together, may take at most 20 s (quick
 * mode) or 60 s (full mode). A case whose step takes longer is reported as
 * {@code did not complete within ...} and not repeated; its busy threads are stopped, which lets
 * the transition complete, and its patches are disabled before the next case.
 *
 * <p>Quick mode runs 200 threads only with 1,000 functions, the case of the goal, and repeats it
 * twice: with 200 threads spinning on a few cores every repeat takes seconds (minutes for the
 * three cases of the full matrix, which full mode runs).
 */
public final class TransitionLatencyScenario implements Scenario {

    private static final int[] THREADS = {1, 50, 200};
    /**
     * From this many threads on, quick mode runs a case only with {@link #GOAL_FUNCTIONS}
     * functions, {@link #QUICK_REPEATS_MANY} times.
     */
    private static final int MANY_THREADS = 200;
    private static final int GOAL_FUNCTIONS = 1000;
    private static final int QUICK_REPEATS_MANY = 2;
    /** How long the engine may take to recover once a timed-out case's threads are stopped. */
    private static final Duration RECOVERY = Duration.ofSeconds(120);

    private final int functions;

    /** @param functions the number of functions the patch changes */
    public TransitionLatencyScenario(int functions) {
        this.functions = functions;
    }

    /** The generated class of a run, its patch, and where the patch jars go. */
    private record Setup(GeneratedTarget generated, Class<?> target, MethodHandle callAll,
            Path dir) {
    }

    @Override
    public void run(RunMode mode, Consumer<Figure> out) throws Exception {
        GeneratedTarget generated = new GeneratedTarget(functions);
        Class<?> target = generated.define();
        MethodHandle callAll = MethodHandles.publicLookup().findStatic(target, "callAll",
                MethodType.methodType(int.class, int.class));
        Setup setup = new Setup(generated, target, callAll,
                Files.createTempDirectory("jlp-bench"));
        for (int threads : THREADS) {
            String prefix = "latency.n" + functions + ".t" + threads;
            if (mode == RunMode.QUICK && threads >= MANY_THREADS && functions != GOAL_FUNCTIONS) {
                out.accept(Figure.skip(prefix, "full mode only"));
                continue;
            }
            int repeats = threads >= MANY_THREADS ? mode.pick(QUICK_REPEATS_MANY, 10)
                    : mode.pick(3, 10);
            measureCase(setup, prefix, threads, repeats, mode, out);
        }
    }

    /** Loads and disables the patch, then redefines the class, under {@code threads} threads. */
    private void measureCase(Setup setup, String prefix, int threads, int repeats, RunMode mode,
            Consumer<Figure> out) throws Exception {
        List<Thread> busy = new ArrayList<>();
        Meter meter = new Meter();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> callForever(setup.callAll(), meter), "bench-busy-" + i);
            t.setDaemon(true);
            t.start();
            busy.add(t);
        }
        Thread.sleep(mode.pick(500L, 2_000L));
        Duration timeout = mode.pick(Duration.ofSeconds(20), Duration.ofSeconds(60));
        double[] load = new double[repeats];
        double[] call = new double[repeats];
        double[] replace = new double[repeats];
        double[] disable = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            String name = "bench-latency-" + functions + "-" + threads + "-" + r;
            String step = "load";
            try {
                BenchEngine.LoadTiming timing = BenchEngine.timedLoad(jar(setup, name, false),
                        timeout);
                load[r] = timing.completeNanos() / 1e6;
                call[r] = timing.callNanos() / 1e6;
                step = "replace";
                replace[r] = BenchEngine.timedLoad(jar(setup, name + "-replace", true), timeout)
                        .completeNanos() / 1e6;
                step = "disable";
                disable[r] = BenchEngine.timedDisable(name + "-replace", timeout) / 1e6;
            } catch (TimeoutException e) {
                String detail = "repeat " + (r + 1) + " of " + repeats + "; " + e.getMessage();
                out.accept(Figure.timedOut(prefix + "." + step + ".median", timeout, detail));
                for (String figure : List.of("load_over_redefine", "replace_over_redefine",
                        "disable_over_redefine", "load.worst_over_median")) {
                    out.accept(Figure.timedOut(prefix + "." + figure, timeout, detail));
                }
                stop(meter, busy);
                recover();
                return;
            }
        }
        double[] redefine = redefine(setup, repeats);
        stop(meter, busy);
        double anchor = Stats.median(redefine);
        report(out, prefix + ".load", load, anchor);
        out.accept(Figure.bench(prefix + ".load.call_median", Stats.median(call), "ms"));
        report(out, prefix + ".replace", replace, anchor);
        report(out, prefix + ".disable", disable, anchor);
        out.accept(Figure.bench(prefix + ".redefine.median", anchor, "ms"));
        out.accept(Figure.bench(prefix + ".redefine.worst", Stats.max(redefine), "ms"));
    }

    /**
     * The figures of one step: median, worst, worst over median, and the median over the anchor
     * ({@code load_over_redefine}, {@code replace_over_redefine}, {@code disable_over_redefine}).
     */
    private static void report(Consumer<Figure> out, String step, double[] millis,
            double anchor) {
        double median = Stats.median(millis);
        out.accept(Figure.bench(step + ".median", median, "ms"));
        out.accept(Figure.bench(step + ".worst", Stats.max(millis), "ms"));
        out.accept(Figure.ratio(step + ".worst_over_median", Stats.max(millis) / median));
        out.accept(Figure.ratio(step + "_over_redefine", median / anchor));
    }

    private static Path jar(Setup setup, String name, boolean replace) throws Exception {
        return new PatchJar(name, replace)
                .add(setup.generated().patchInternalName(), setup.generated().patch())
                .write(setup.dir().resolve(name + ".jar"));
    }

    /** @return milliseconds of each plain redefinition with the fix, the anchor */
    private static double[] redefine(Setup setup, int repeats) throws Exception {
        double[] redefine = new double[repeats];
        Instrumentation instrumentation = BenchEngine.instrumentation();
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            instrumentation.redefineClasses(new ClassDefinition(setup.target(),
                    setup.generated().fixed()));
            redefine[r] = (System.nanoTime() - start) / 1e6;
            instrumentation.redefineClasses(new ClassDefinition(setup.target(),
                    setup.generated().original()));
        }
        return redefine;
    }

    private static void stop(Meter meter, List<Thread> busy) throws InterruptedException {
        meter.stop();
        for (Thread t : busy) {
            t.join();
        }
    }

    /**
     * After a timed-out step, with the busy threads stopped: lets its transition complete, then
     * disables the patches still loaded, the top of the stack first, so the next case starts
     * clean.
     */
    private static void recover() throws Exception {
        BenchEngine.recover(RECOVERY);
        List<String> loaded = new ArrayList<>();
        BenchEngine.engine().status().patches().forEach(p -> loaded.add(0, p.name()));
        for (String name : loaded) {
            BenchEngine.timedDisable(name, RECOVERY);
        }
    }

    private static void callForever(MethodHandle callAll, Meter meter) {
        int x = 1;
        try {
            do {
                for (int i = 0; i < 64; i++) {
                    x = (int) callAll.invokeExact(x);
                }
            } while (meter.report(64, x));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
