package io.jlivepatch.bench;

import com.sun.tools.attach.VirtualMachine;
import io.jlivepatch.core.Engine;
import io.jlivepatch.core.events.EventLog;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
     */
    public record LoadTiming(long callNanos, long completeNanos) {
    }

    /**
     * Loads a patch and waits until its patching transition is complete.
     *
     * @return how long it took
     */
    public static LoadTiming timedLoad(Path jar, Duration timeout) throws Exception {
        Engine engine = engine();
        idleSince = 0;
        long start = System.nanoTime();
        engine.load(jar);
        long returned = System.nanoTime();
        return new LoadTiming(returned - start, idleSignal(timeout) - start);
    }

    /**
     * Disables a patch and waits until its unpatching transition is complete.
     *
     * @return nanoseconds from the call of {@code disable} to the completion
     */
    public static long timedDisable(String name, Duration timeout) throws Exception {
        Engine engine = engine();
        idleSince = 0;
        long start = System.nanoTime();
        engine.disable(name);
        return idleSignal(timeout) - start;
    }

    /**
     * Waits until no transition is in progress.
     *
     * @throws TimeoutException if one is still in progress after the timeout
     */
    public static void awaitIdle(Duration timeout) throws Exception {
        idleSince = 0;
        if (engine().status().transition() != null) {
            idleSignal(timeout);
        }
    }

    /**
     * Waits until the engine's change listener sees no transition in progress.
     *
     * @return the {@link System#nanoTime} of that moment
     * @throws TimeoutException if a transition is still in progress after the timeout
     */
    private static long idleSignal(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (CHANGED) {
            while (idleSince == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("transition still in progress after " + timeout
                            + ": " + engine().status().transition());
                }
                CHANGED.wait(Math.max(1, left / 1_000_000));
            }
        }
        return idleSince;
    }
}
