package io.jlivepatch.bench.memory;

import io.jlivepatch.bench.BenchEngine;
import io.jlivepatch.bench.Figure;
import io.jlivepatch.bench.GeneratedTarget;
import io.jlivepatch.bench.PatchJar;
import io.jlivepatch.bench.RunMode;
import io.jlivepatch.bench.Scenario;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What patches cost in memory: heap and metaspace used (after full GCs) and loaded classes,
 * after one patch of 1,000 functions (against the same JVM with the target class loaded but not
 * patched), and after 200 load cycles of atomic-replace patches of 10 functions (each replaces
 * the one before, whose hidden class must then be unloadable).
 */
public final class MemoryScenario implements Scenario {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int CYCLES = 200;

    /** Heap used, metaspace used (bytes), loaded classes. */
    private record Usage(long heap, long metaspace, long classes) {

        static Usage now() throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(50);
            }
            long metaspace = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getName().equals("Metaspace")) {
                    metaspace = pool.getUsage().getUsed();
                }
            }
            return new Usage(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                    metaspace, ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
        }

        void reportSince(Usage before, String prefix, Consumer<Figure> out) {
            out.accept(Figure.bench(prefix + ".heap", (heap - before.heap) / 1024.0, "KiB"));
            out.accept(Figure.bench(prefix + ".metaspace", (metaspace - before.metaspace)
                    / 1024.0, "KiB"));
            out.accept(Figure.bench(prefix + ".classes", classes - before.classes, "classes"));
        }
    }

    @Override
    public void run(RunMode mode, Consumer<Figure> out) throws Exception {
        Path dir = Files.createTempDirectory("jlp-bench-memory");
        GeneratedTarget big = new GeneratedTarget(1000);
        big.define();
        GeneratedTarget small = new GeneratedTarget(10);
        small.define();
        // A first patch and disable, so that the engine's own classes are loaded and counted
        // before the first measurement, not in it.
        BenchEngine.timedLoad(jar(dir, small, "bench-memory-warmup", false), TIMEOUT);
        BenchEngine.timedDisable("bench-memory-warmup", TIMEOUT);

        Usage unpatched = Usage.now();
        BenchEngine.timedLoad(jar(dir, big, "bench-memory-1000", false), TIMEOUT);
        Usage patched = Usage.now();
        patched.reportSince(unpatched, "memory.patched_1000_functions", out);
        BenchEngine.timedDisable("bench-memory-1000", TIMEOUT);
        Usage disabled = Usage.now();
        disabled.reportSince(unpatched, "memory.after_disable_1000", out);

        BenchEngine.timedLoad(jar(dir, small, "bench-memory-cycle-0", true), TIMEOUT);
        Usage firstCycle = Usage.now();
        for (int i = 1; i <= CYCLES; i++) {
            BenchEngine.timedLoad(jar(dir, small, "bench-memory-cycle-" + i, true), TIMEOUT);
        }
        Usage cycled = Usage.now();
        cycled.reportSince(firstCycle, "memory.after_" + CYCLES + "_replace_cycles", out);
    }

    private static Path jar(Path dir, GeneratedTarget target, String name, boolean replace)
            throws Exception {
        return new PatchJar(name, replace).add(target.patchInternalName(), target.patch())
                .write(dir.resolve(name + ".jar"));
    }
}
