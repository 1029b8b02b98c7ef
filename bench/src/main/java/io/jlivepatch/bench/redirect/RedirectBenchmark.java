package io.jlivepatch.bench.redirect;

import io.jlivepatch.bench.BenchEngine;
import io.jlivepatch.bench.PatchJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The redirect cost in steady state (DESIGN §4, §9), in one JVM: the same method never patched,
 * patched (the replacement runs in a hidden class behind the prologue), restored after its patch
 * was disabled, and the baseline of the patched one, the fixed code compiled into the class.
 * Each copy is its own class, so each benchmark sees only what the engine did to that class.
 * The same pair, patched and fixed compiled in, runs again as class files of Java 6 (version 50),
 * which the engine weaves as class files of Java 7; both are called through an interface.
 * The patches are loaded before any warm-up, as in a JVM patched long ago.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RedirectBenchmark {

    /** The elements of each checksum: enough work that a few nanoseconds show as a ratio. */
    public static final int SIZE = 100;

    private final NeverPatched neverPatched = new NeverPatched();
    private final Patched patched = new Patched();
    private final Restored restored = new Restored();
    private final FixedCompiledIn fixed = new FixedCompiledIn();
    private final Checksum patchedJava6 = Java6Classes.instance(
            "io.jlivepatch.bench.redirect.PatchedJava6");
    private final Checksum fixedJava6 = Java6Classes.instance(
            "io.jlivepatch.bench.redirect.FixedCompiledInJava6");
    private int[] data;

    /** Loads the patch of {@link Patched}; loads and disables that of {@link Restored}. */
    @Setup
    public void patch() throws Exception {
        data = ThreadLocalRandom.current().ints(SIZE).toArray();
        Path dir = Files.createTempDirectory("jlp-bench");
        Duration timeout = Duration.ofSeconds(30);
        BenchEngine.timedLoad(new PatchJar("bench-patched", false)
                .add(PatchedFix.class.getName()).write(dir.resolve("patched.jar")), timeout);
        BenchEngine.timedLoad(new PatchJar("bench-patched-java6", false)
                .add(PatchedJava6Fix.class.getName()).write(dir.resolve("java6.jar")), timeout);
        BenchEngine.timedLoad(new PatchJar("bench-restored", false)
                .add(RestoredFix.class.getName()).write(dir.resolve("restored.jar")), timeout);
        BenchEngine.timedDisable("bench-restored", timeout);
    }

    /** @return the method's result, which JMH consumes in a Blackhole */
    @Benchmark
    public int neverPatched() {
        return neverPatched.checksum(data);
    }

    /** @return the method's result, which JMH consumes in a Blackhole */
    @Benchmark
    public int patched() {
        return patched.checksum(data);
    }

    /** @return the method's result, which JMH consumes in a Blackhole */
    @Benchmark
    public int restored() {
        return restored.checksum(data);
    }

    /** @return the method's result, which JMH consumes in a Blackhole */
    @Benchmark
    public int fixedCompiledIn() {
        return fixed.checksum(data);
    }

    /** @return the method's result, which JMH consumes in a Blackhole */
    @Benchmark
    public int patchedJava6() {
        return patchedJava6.checksum(data);
    }

    /** @return the method's result, which JMH consumes in a Blackhole */
    @Benchmark
    public int fixedCompiledInJava6() {
        return fixedJava6.checksum(data);
    }
}
