package io.jlivepatch.bench.transition;

import io.jlivepatch.bench.BenchEngine;
import io.jlivepatch.bench.Figure;
import io.jlivepatch.bench.PatchJar;
import io.jlivepatch.bench.RunMode;
import io.jlivepatch.bench.Scenario;
import io.jlivepatch.bench.Stats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The cost per call of a changed function during a transition (DESIGN §5, §9: ≤ 30 ns added).
 *
 * <p>Two threads call {@link Work#checksum} in {@link Loops#run}: the <em>held</em> thread from
 * inside {@link Work#hold}, a function of the patch, so that it stays not switched and keeps the
 * transition open while it re-enters {@code checksum} (the bounded self-check); the <em>free</em>
 * thread from outside, so that it switches itself at its first call. Three phases, each measured
 * over the same windows for both threads: before the patch (the original body, never woven),
 * during the open transition, and after completion (the held thread has left {@code hold}).
 * Added cost: the switched thread against itself after completion (same replacement body); the
 * not-switched thread against itself before the patch (same original body).
 */
public final class TransitionCostScenario implements Scenario {

    @Override
    public void run(RunMode mode, Consumer<Figure> out) throws Exception {
        long warmupMillis = mode.pick(2_000L, 5_000L);
        int windows = mode.pick(5, 10);
        long windowMillis = mode.pick(200L, 500L);
        int[] data = ThreadLocalRandom.current().ints(100).toArray();
        Work work = new Work();
        Meter held = new Meter();
        Meter heldAfter = new Meter();
        Meter free = new Meter();
        BenchEngine.engine();
        Thread heldThread = new Thread(() -> {
            Work.hold(work, data, held);
            Loops.run(work, data, heldAfter);
        }, "bench-held");
        Thread freeThread = new Thread(() -> Loops.run(work, data, free), "bench-free");
        heldThread.start();
        freeThread.start();

        Thread.sleep(warmupMillis);
        double[] before = measure(windows, windowMillis, held, free);

        Path jar = new PatchJar("bench-transition-cost", false).add(WorkFix.class.getName())
                .write(Files.createTempDirectory("jlp-bench").resolve("work-fix.jar"));
        BenchEngine.engine().load(jar);
        Thread.sleep(warmupMillis);
        if (BenchEngine.engine().status().transition() == null) {
            throw new IllegalStateException("the transition completed while a thread was in hold");
        }
        double[] during = measure(windows, windowMillis, held, free);

        held.stop();
        BenchEngine.awaitIdle(Duration.ofSeconds(30));
        Thread.sleep(warmupMillis);
        double[] after = measure(windows, windowMillis, heldAfter, free);
        heldAfter.stop();
        free.stop();
        heldThread.join();
        freeThread.join();

        out.accept(Figure.bench("transition.before.original", before[0], "ns/call"));
        out.accept(Figure.bench("transition.during.not_switched", during[0], "ns/call"));
        out.accept(Figure.bench("transition.during.switched", during[1], "ns/call"));
        out.accept(Figure.bench("transition.after.patched", after[1], "ns/call"));
        out.accept(Figure.bench("transition.added.not_switched", during[0] - before[0],
                "ns/call"));
        out.accept(Figure.bench("transition.added.switched", during[1] - after[1], "ns/call"));
    }

    /** @return per meter, the median over the windows of nanoseconds per call */
    private static double[] measure(int windows, long windowMillis, Meter... meters)
            throws InterruptedException {
        double[][] samples = new double[meters.length][windows];
        for (int w = 0; w < windows; w++) {
            long[] calls = new long[meters.length];
            for (int m = 0; m < meters.length; m++) {
                calls[m] = meters[m].calls();
            }
            long start = System.nanoTime();
            Thread.sleep(windowMillis);
            long elapsed = System.nanoTime() - start;
            for (int m = 0; m < meters.length; m++) {
                samples[m][w] = (double) elapsed / (meters[m].calls() - calls[m]);
            }
        }
        double[] medians = new double[meters.length];
        for (int m = 0; m < meters.length; m++) {
            medians[m] = Stats.median(samples[m]);
        }
        return medians;
    }
}
