package io.jlivepatch.bench;

import com.sun.tools.attach.VirtualMachine;
import io.jlivepatch.core.Engine;
import io.jlivepatch.core.events.EventLog;
import io.jlivepatch.core.status.EngineStatus;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine inside a benchmark JVM, on the JVM's own {@link Instrumentation} obtained by
 * attaching an agent to itself (the JVM needs {@code -Djdk.attach.allowAttachSelf=true}), as the
 * core tests do. In-process, a benchmark measures the engine and the JIT, not JMX or attach;
 * the end-to-end scenario measures those.
 */
public final class BenchEngine {

    /** The JVM flags a benchmark JVM needs. */
    public static final String[] JVM_FLAGS = {"-Djdk.attach.allowAttachSelf=true",
        "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading"};

    /** Keeps the level set below: the logging framework holds loggers weakly. */
    private static final Logger EVENTS_LOGGER = Logger.getLogger(EventLog.LOGGER_NAME);
    private static final Object CHANGED = new Object();
    private static volatile Instrumentation instrumentation;
    private static Engine engine;
    /** When the engine was last seen without a transition, by its change listener; 0: not yet. */
    private static volatile long idleSince;
    /** The engine call of the last timed load or disable, which may still run after a timeout. */
    private static volatile Future<?> pendingCall = CompletableFuture.completedFuture(null);

    private BenchEngine() {
    }

    /** Agent entry point of the self-attach. */
    public static void agentmain(String args, Instrumentation inst) {
        instrumentation = inst;
    }

    /** @return this JVM's engine, created at the first call; events are not printed */
    public static synchronized Engine engine() throws Exception {
        if (engine == null) {
            EVENTS_LOGGER.setLevel(Level.WARNING);
            Engine created = new Engine(instrumentation(), new EventLog(10_000));
            created.addChangeListener(() -> {
                long now = System.nanoTime();
                if (created.status().transition() == null) {
                    idleSince = now;
                    synchronized (CHANGED) {
                        CHANGED.notifyAll();
                    }
                }
            });
            engine = created;
        }
        return engine;
    }

    /** @return this JVM's instrumentation, attaching to itself at the first call */
    public static synchronized Instrumentation instrumentation() throws Exception {
        if (instrumentation == null) {
            Path jar = Files.createTempFile("jlp-bench-agent", ".jar");
            Manifest manifest = new Manifest();
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            main.putValue("Agent-Class", BenchEngine.class.getName());
            main.putValue("Can-Retransform-Classes", "true");
            main.putValue("Can-Redefine-Classes", "true");
            try (OutputStream out = Files.newOutputStream(jar);
                    JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
                jarOut.flush();
            }
            VirtualMachine vm = VirtualMachine.attach(Long.toString(ProcessHandle.current().pid()));
            try {
                vm.loadAgent(jar.toString());
            } finally {
                vm.detach();
                Files.deleteIfExists(jar);
            }
        }
        return instrumentation;
    }

    /**
     * How long a load took.
     *
     * @param callNanos from the call of {@code Engine.load} to its return: reading, binding,
     *     weaving, starting the transition
     * @param completeNanos from the call to the completion of the transition, as the engine's
     *     change listener saw it (not when the waiting thread woke up)
     * @param callCpuNanos the CPU time of the thread that called {@code Engine.load}, until it
     *     returned
     */
    public record LoadTiming(long callNanos, long completeNanos, long callCpuNanos) {
    }

    /**
     * One engine call, in {@link System#nanoTime} and thread CPU time.
     *
     * @param start when the call started
     * @param returned when it returned
     * @param cpuNanos the CPU time of the calling thread, for the call
     */
    private record Call(long start, long returned, long cpuNanos) {
    }

    /**
     * Loads a patch and waits until its patching transition is complete, at most
     * {@code timeout} for both.
     *
     * @return how long it took
     * @throws TimeoutException if the load had not returned, or its transition was not complete,
     *     after the timeout; the load goes on, see {@link #recover}
     */
    public static LoadTiming timedLoad(Path jar, Duration timeout) throws Exception {
        Engine engine = engine();
        Call call = timedCall("load of " + jar.getFileName(), () -> engine.load(jar), timeout);
        return new LoadTiming(call.returned() - call.start(),
                idleSignal(call.start(), timeout) - call.start(), call.cpuNanos());
    }

    /**
     * Disables a patch and waits until its unpatching transition is complete, at most
     * {@code timeout} for both.
     *
     * @return nanoseconds from the call of {@code disable} to the completion
     * @throws TimeoutException if the disable had not returned, or its transition was not
     *     complete, after the timeout; it goes on, see {@link #recover}
     */
    public static long timedDisable(String name, Duration timeout) throws Exception {
        Engine engine = engine();
        Call call = timedCall("disable of " + name, () -> engine.disable(name), timeout);
        return idleSignal(call.start(), timeout) - call.start();
    }

    /** An engine call to time. */
    private interface EngineCall {
        void run() throws Exception;
    }

    /**
     * Runs {@code call} on a thread of its own, so that a call that does not return (a
     * retransformation waiting for a safepoint under hundreds of busy threads) bounds the wait
     * instead of the run.
     *
     * @return when the call started and returned, and its CPU time
     */
    private static Call timedCall(String what, EngineCall call, Duration timeout)
            throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        FutureTask<Call> task = new FutureTask<>(() -> {
            idleSince = 0;
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            call.run();
            long returned = System.nanoTime();
            return new Call(start, returned, threads.getCurrentThreadCpuTime() - cpu);
        });
        Thread thread = new Thread(task, "bench-engine-call");
        thread.setDaemon(true);
        pendingCall = task;
        thread.start();
        try {
            return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("the " + what + " did not return within " + timeout);
        }
    }

    /**
     * After a timeout: waits until the engine call still running returns and the transition it
     * started is complete.
     *
     * @throws TimeoutException if that takes longer than {@code timeout}
     */
    public static void recover(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            pendingCall.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            // The call failed: nothing is left in transition because of it.
        }
        awaitIdle(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }

    /**
     * Waits until no transition is in progress.
     *
     * @throws TimeoutException if one is still in progress after the timeout
     */
    public static void awaitIdle(Duration timeout) throws Exception {
        idleSince = 0;
        if (engine().status().transition() != null) {
            idleSignal(System.nanoTime(), timeout);
        }
    }

    /** @return {@code ": N threads not switched, such as T in F"}, or empty */
    private static String pending(EngineStatus.TransitionStatus transition) {
        if (transition == null || transition.pendingThreads().isEmpty()) {
            return "";
        }
        EngineStatus.PendingThread first = transition.pendingThreads().get(0);
        return ": " + transition.pendingThreads().size() + " threads not switched, such as "
                + first.name() + " in " + first.blockedIn();
    }

    /**
     * Waits until the engine's change listener sees no transition in progress.
     *
     * @param start the {@link System#nanoTime} the timeout counts from
     * @return the {@link System#nanoTime} of that moment
     * @throws TimeoutException if a transition is still in progress after the timeout
     */
    private static long idleSignal(long start, Duration timeout) throws Exception {
        long deadline = start + timeout.toNanos();
        synchronized (CHANGED) {
            while (idleSince == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("transition still in progress after " + timeout
                            + pending(engine().status().transition()));
                }
                CHANGED.wait(Math.max(1, left / 1_000_000));
            }
        }
        return idleSince;
    }
}
