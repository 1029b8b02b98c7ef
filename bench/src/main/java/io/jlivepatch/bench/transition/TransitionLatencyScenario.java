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
import java.util.function.Consumer;

/**
 * Transition latency (DESIGN §9: 1,000 functions with 200 busy threads in under 100 ms): from
 * {@code Engine.load} to the completion of the patching transition, for a generated class of N
 * functions, with T busy threads calling every function in a loop and none blocked in one;
 * median and worst of the repeats. Beside it, the anchor: plain
 * {@code Instrumentation.redefineClasses} of the same fix (the class with the fix compiled in),
 * under the same threads, which has no consistency model at all.
 */
public final class TransitionLatencyScenario implements Scenario {

    private static final int[] THREADS = {1, 50, 200};
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final int functions;

    /** @param functions the number of functions the patch changes */
    public TransitionLatencyScenario(int functions) {
        this.functions = functions;
    }

    @Override
    public void run(RunMode mode, Consumer<Figure> out) throws Exception {
        int repeats = mode.pick(3, 10);
        GeneratedTarget generated = new GeneratedTarget(functions);
        Class<?> target = generated.define();
        MethodHandle callAll = MethodHandles.publicLookup().findStatic(target, "callAll",
                MethodType.methodType(int.class, int.class));
        Instrumentation instrumentation = BenchEngine.instrumentation();
        Path dir = Files.createTempDirectory("jlp-bench");
        for (int threads : THREADS) {
            List<Thread> busy = new ArrayList<>();
            Meter meter = new Meter();
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> callForever(callAll, meter), "bench-busy-" + i);
                t.setDaemon(true);
                t.start();
                busy.add(t);
            }
            Thread.sleep(mode.pick(500L, 2_000L));
            double[] load = new double[repeats];
            double[] call = new double[repeats];
            double[] disable = new double[repeats];
            double[] redefine = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                String name = "bench-latency-" + functions + "-" + threads + "-" + r;
                Path jar = new PatchJar(name, false)
                        .add(generated.patchInternalName(), generated.patch())
                        .write(dir.resolve(name + ".jar"));
                BenchEngine.LoadTiming timing = BenchEngine.timedLoad(jar, TIMEOUT);
                load[r] = timing.completeNanos() / 1e6;
                call[r] = timing.callNanos() / 1e6;
                disable[r] = BenchEngine.timedDisable(name, TIMEOUT) / 1e6;
            }
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                instrumentation.redefineClasses(new ClassDefinition(target, generated.fixed()));
                redefine[r] = (System.nanoTime() - start) / 1e6;
                instrumentation.redefineClasses(new ClassDefinition(target, generated.original()));
            }
            meter.stop();
            for (Thread t : busy) {
                t.join();
            }
            String prefix = "latency.n" + functions + ".t" + threads;
            out.accept(Figure.bench(prefix + ".load.median", Stats.median(load), "ms"));
            out.accept(Figure.bench(prefix + ".load.worst", Stats.max(load), "ms"));
            out.accept(Figure.bench(prefix + ".load.call_median", Stats.median(call), "ms"));
            out.accept(Figure.bench(prefix + ".disable.median", Stats.median(disable), "ms"));
            out.accept(Figure.bench(prefix + ".redefine.median", Stats.median(redefine), "ms"));
            out.accept(Figure.bench(prefix + ".redefine.worst", Stats.max(redefine), "ms"));
            out.accept(Figure.ratio(prefix + ".load_over_redefine",
                    Stats.median(load) / Stats.median(redefine)));
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
