package io.jlivepatch.bench.torture;

import io.jlivepatch.bench.BenchEngine;
import io.jlivepatch.bench.Figure;
import io.jlivepatch.bench.PatchJar;
import io.jlivepatch.bench.RunMode;
import io.jlivepatch.bench.Scenario;
import io.jlivepatch.core.Engine;
import io.jlivepatch.core.model.PatchException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The consistency torture, long: platform threads, a thread calling from 1,500 frames deep and
 * (JDK 21+) virtual threads call {@link Chain#outer} while the engine runs transitions of every
 * kind (load, stack, disable out of order, atomic replace with a nop, reversal of patching and of
 * unpatching, force) until at least the mode's number of checked calls and of transitions are
 * done: 10^8 and 1,000 in full mode. Every call checks that the caller's and the callee's
 * versions match. Fails on any mix outside a forced transition (where the kernel promises
 * nothing) and on any exception from a call.
 */
public final class TortureScenario implements Scenario {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int PLATFORM_CALLERS = 2;
    private static final int VIRTUAL_CALLERS = 2;
    private static final int DEPTH = 1_500;

    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<AtomicLong> calls = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private long forcedMixes;
    private int transitions;
    private int names;

    @Override
    public void run(RunMode mode, Consumer<Figure> out) throws Exception {
        long callGoal = mode.pick(2_000_000L, 100_000_000L);
        int transitionGoal = mode.pick(60, 1_000);
        Engine engine = BenchEngine.engine();
        Path dir = Files.createTempDirectory("jlp-bench-torture");
        List<Thread> callers = startCallers();
        long started = System.nanoTime();
        try {
            while (totalCalls() < callGoal || transitions < transitionGoal) {
                cycle(engine, dir);
            }
        } finally {
            running = false;
            for (Thread caller : callers) {
                caller.join(WAIT.toMillis());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long mixes = Chain.MIXED.sum() - forcedMixes;
        out.accept(Figure.bench("torture-checked-calls", totalCalls(), "calls"));
        out.accept(Figure.bench("torture-transitions", transitions, "transitions"));
        out.accept(Figure.bench("torture-seconds", seconds, "s"));
        out.accept(Figure.bench("torture-mixes", mixes, "calls"));
        out.accept(Figure.bench("torture-mixes-while-forced", forcedMixes, "calls"));
        out.accept(Figure.bench("torture-failed-calls", failures.size(), "calls"));
        if (mixes != 0 || !failures.isEmpty()) {
            throw new IllegalStateException(mixes + " mixed calls, failed calls: " + failures);
        }
    }

    /** One round of every kind of transition. */
    private void cycle(Engine engine, Path dir) throws Exception {
        String a = load(engine, dir, 1, false);
        String b = load(engine, dir, 2, false);
        disable(engine, a);
        String c = load(engine, dir, 3, true);
        reverseUnpatching(engine, c);
        disableIfLoaded(engine, c);
        disableIfLoaded(engine, b);
        reversePatching(engine, dir);
        if (names % 40 < 8) {
            forcedLoad(engine, dir);
        }
    }

    private String load(Engine engine, Path dir, int version, boolean replace) throws Exception {
        String name = "torture-" + version + "-" + (++names);
        Path jar = jar(dir, name, version, replace);
        engine.load(jar);
        transitions++;
        BenchEngine.awaitIdle(WAIT);
        Files.delete(jar);
        return name;
    }

    private void disable(Engine engine, String name) throws Exception {
        engine.disable(name);
        transitions++;
        BenchEngine.awaitIdle(WAIT);
    }

    private void disableIfLoaded(Engine engine, String name) throws Exception {
        if (engine.status().patches().stream().anyMatch(p -> p.name().equals(name))) {
            disable(engine, name);
        }
    }

    /** Disables a patch and, while its transition runs, enables it again. */
    private void reverseUnpatching(Engine engine, String name) throws Exception {
        engine.disable(name);
        transitions++;
        if (engine.status().transition() != null) {
            reverse(() -> engine.enable(name));
        }
        BenchEngine.awaitIdle(WAIT);
    }

    /** Loads a patch and, while its patching transition runs, disables it (reversal). */
    private void reversePatching(Engine engine, Path dir) throws Exception {
        String name = "torture-1-" + (++names);
        Path jar = jar(dir, name, 1, false);
        engine.load(jar);
        transitions++;
        if (engine.status().transition() != null) {
            reverse(() -> engine.disable(name));
        }
        BenchEngine.awaitIdle(WAIT);
        Files.delete(jar);
        disableIfLoaded(engine, name);
    }

    private void reverse(Operation operation) throws Exception {
        try {
            operation.run();
            transitions++;
        } catch (PatchException completedMeanwhile) {
            // The transition completed between the status and the reversal.
        }
    }

    /**
     * A patching transition forced while it runs; mixes from the force until every caller has
     * made two more calls are set apart (a forced transition gives up consistency).
     */
    private void forcedLoad(Engine engine, Path dir) throws Exception {
        long before = Chain.MIXED.sum();
        String name = "torture-1-" + (++names);
        Path jar = jar(dir, name, 1, false);
        engine.load(jar);
        transitions++;
        if (engine.status().transition() != null) {
            try {
                engine.force();
            } catch (PatchException completedMeanwhile) {
                // Completed on its own.
            }
        }
        BenchEngine.awaitIdle(WAIT);
        Files.delete(jar);
        long[] marks = calls.stream().mapToLong(AtomicLong::get).toArray();
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int i = 0; i < marks.length; i++) {
            while (calls.get(i).get() < marks[i] + 2 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000);
            }
        }
        forcedMixes += Chain.MIXED.sum() - before;
        disable(engine, name);
    }

    private static Path jar(Path dir, String name, int version, boolean replace)
            throws java.io.IOException {
        return new PatchJar(name, replace).add(ChainFix1.class.getPackageName() + ".ChainFix"
                + version).write(dir.resolve(name + ".jar"));
    }

    private long totalCalls() {
        return calls.stream().mapToLong(AtomicLong::get).sum();
    }

    private List<Thread> startCallers() throws Exception {
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < PLATFORM_CALLERS; i++) {
            callers.add(new Thread(callLoop(0), "torture-caller-" + i));
        }
        callers.add(new Thread(null, callLoop(DEPTH), "torture-deep-caller", 1L << 24));
        callers.forEach(Thread::start);
        if (Runtime.version().feature() >= 21) {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Method unstarted = Class.forName("java.lang.Thread$Builder")
                    .getMethod("unstarted", Runnable.class);
            for (int i = 0; i < VIRTUAL_CALLERS; i++) {
                Thread caller = (Thread) unstarted.invoke(builder, callLoop(0));
                caller.start();
                callers.add(caller);
            }
        }
        return callers;
    }

    private Runnable callLoop(int depth) {
        AtomicLong done = new AtomicLong();
        calls.add(done);
        return () -> {
            try {
                callFrom(depth, done);
            } catch (RuntimeException | Error e) {
                failures.add(e);
            }
        };
    }

    private void callFrom(int depth, AtomicLong done) {
        if (depth > 0) {
            callFrom(depth - 1, done);
            return;
        }
        int x = 0;
        while (running) {
            for (int i = 0; i < 4_096; i++) {
                x += Chain.outer(i) + Chain.spare(i);
            }
            done.addAndGet(4_096);
            // Leaves the engine's thread some of the cores.
            LockSupport.parkNanos(20_000);
        }
        if (x == 42) {
            done.incrementAndGet();
        }
    }

    private interface Operation {
        void run() throws PatchException;
    }
}
