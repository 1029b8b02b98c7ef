package io.jlivepatch.bench.redirect;

import io.jlivepatch.bench.BenchEngine;
import io.jlivepatch.bench.PatchJar;
import io.jlivepatch.core.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A call of a changed function by a switched thread while a transition is open (DESIGN §5): a
 * thread blocked in {@link InTransition#hold} keeps the patch's transition from completing for
 * the whole run; the benchmark thread switches itself at its first call. Compare with
 * {@link RedirectBenchmark#patched}, the same replacement after completion. Its own class, so
 * that the open transition (which turns every woven method of the JVM transitional) never runs
 * in the fork of another benchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SwitchedCallBenchmark {

    private final InTransition target = new InTransition();
    private final CountDownLatch release = new CountDownLatch(1);
    private int[] data;

    /** Blocks a thread in {@code hold}, then loads the patch; its transition stays open. */
    @Setup
    public void openTransition() throws Exception {
        data = ThreadLocalRandom.current().ints(RedirectBenchmark.SIZE).toArray();
        Engine engine = BenchEngine.engine();
        CountDownLatch entered = new CountDownLatch(1);
        Thread blocker = new Thread(() -> {
            try {
                InTransition.hold(entered, release);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-blocker");
        blocker.setDaemon(true);
        blocker.start();
        entered.await();
        Path dir = Files.createTempDirectory("jlp-bench");
        engine.load(new PatchJar("bench-in-transition", false)
                .add(InTransitionFix.class.getName()).write(dir.resolve("in-transition.jar")));
        if (engine.status().transition() == null) {
            throw new IllegalStateException("the transition completed: the blocker did not hold it");
        }
    }

    /** Lets the blocker go. */
    @TearDown
    public void closeTransition() {
        release.countDown();
    }

    /** @return the method's result, which JMH consumes in a Blackhole */
    @Benchmark
    public int switchedDuringTransition() {
        return target.checksum(data);
    }
}
