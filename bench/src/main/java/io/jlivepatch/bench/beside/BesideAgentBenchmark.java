package io.jlivepatch.bench.beside;

import io.jlivepatch.bench.BenchEngine;
import io.jlivepatch.bench.PatchJar;
import io.jlivepatch.bench.redirect.FixedCompiledIn;
import io.jlivepatch.bench.redirect.Patched;
import io.jlivepatch.bench.redirect.RedirectBenchmark;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
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
 * The redirect cost beside another agent: the {@link RedirectBenchmark}'s patched method and its
 * fix compiled in (the same classes, in JVMs of their own), both wrapped by another agent's entry
 * and exit advice ({@link EntryExitAdvice}, registered before jlivepatch, as when {@code jlp load}
 * attaches to a JVM running an APM agent). The patch's prologue is woven beneath the advice, so
 * the advice runs around the replacement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BesideAgentBenchmark {

    private final Patched patched = new Patched();
    private final FixedCompiledIn fixed = new FixedCompiledIn();
    private int[] data;

    /** Installs the other agent's advice, then loads the patch. */
    @Setup
    public void patch() throws Exception {
        data = ThreadLocalRandom.current().ints(RedirectBenchmark.SIZE).toArray();
        Instrumentation instrumentation = BenchEngine.instrumentation();
        instrumentation.addTransformer(new EntryExitAdvice(Set.of(
                Patched.class.getName().replace('.', '/'),
                FixedCompiledIn.class.getName().replace('.', '/'))), true);
        instrumentation.retransformClasses(Patched.class, FixedCompiledIn.class);
        Path dir = Files.createTempDirectory("jlp-bench");
        BenchEngine.timedLoad(new PatchJar("bench-beside", false)
                .add(Patched.class.getName() + "Fix").write(dir.resolve("beside.jar")),
                Duration.ofSeconds(30));
        long entries = CallCounter.entries();
        if (!BenchEngine.engine().status().patches().get(0).objects().get(0).alsoInstrumented()
                || patched.checksum(data) != fixed.checksum(data)
                || CallCounter.entries() != entries + 2 || CallCounter.open() != 0) {
            throw new IllegalStateException("the patch does not run inside the other agent's"
                    + " advice");
        }
    }

    /** @return the method's result, which JMH consumes in a Blackhole */
    @Benchmark
    public int patched() {
        return patched.checksum(data);
    }

    /** @return the method's result, which JMH consumes in a Blackhole */
    @Benchmark
    public int fixedCompiledIn() {
        return fixed.checksum(data);
    }
}
