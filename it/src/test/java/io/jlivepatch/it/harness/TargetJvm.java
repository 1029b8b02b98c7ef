package io.jlivepatch.it.harness;

import com.sun.tools.attach.VirtualMachine;
import io.jlivepatch.client.Json;
import io.jlivepatch.core.mbean.LivePatchMXBean;
import io.jlivepatch.core.mbean.PatchMXBean;
import io.jlivepatch.core.model.PatchException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A child JVM running {@link io.jlivepatch.it.app.TargetApp} from the application jar, with the
 * jlivepatch agent preloaded or not ({@link Mode}). Calls its probes over stdin/stdout, and reads
 * the agent's state over JMX (a local connection through the attach API, as jconsole makes).
 *
 * <p>Not thread-safe: one test drives it at a time. Always close it; a child whose stdin closes
 * exits by itself, so even a killed test run leaves no JVM behind.
 */
public final class TargetJvm implements AutoCloseable {

    private static final String MAIN = "io.jlivepatch.it.app.TargetApp";
    /** The system property the agent sets once it runs. */
    private static final String AGENT_VERSION_PROPERTY = "jlivepatch.agent.version";
    private static final String REPLY = "@@";
    private static final long START_SECONDS = 60;
    private static final long CALL_SECONDS = 20;
    private static final long TRANSITION_SECONDS = 30;
    private static final int DIAGNOSTIC_CHARS = 20_000;
    private static final AtomicInteger STARTS = new AtomicInteger();

    /** One event of the agent's log. */
    public record Event(long sequence, String message) {
    }

    private final Mode mode;
    private final Process process;
    private final Path workingDirectory;
    private final Writer stdin;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final StringBuilder diagnostics = new StringBuilder();
    private final String baseline;
    private JMXConnector jmxConnector;
    private MBeanServerConnection jmx;

    private TargetJvm(Mode mode, Process process, Path workingDirectory) {
        this.mode = mode;
        this.process = process;
        this.workingDirectory = workingDirectory;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        drain(process.getInputStream(), "stdout", line -> {
            if (line.startsWith(REPLY)) {
                replies.add(line.substring(REPLY.length()));
            } else {
                note("stdout: " + line);
            }
        });
        drain(process.getErrorStream(), "stderr", line -> note("stderr: " + line));
        String ready = poll(START_SECONDS, "the application to start");
        if (!ready.equals("ready")) {
            throw failure("unexpected first reply '" + ready + "'");
        }
        this.baseline = snapshot();
    }

    /**
     * Starts the target application.
     *
     * @param mode whether the agent is preloaded
     * @return the running JVM, ready for commands
     */
    public static TargetJvm start(Mode mode) {
        return start(mode, null);
    }

    /**
     * Starts the target application with the agent preloaded with arguments.
     *
     * @param agentArguments the arguments after {@code -javaagent:jlp.jar=}
     * @return the running JVM, ready for commands
     */
    public static TargetJvm startPreloaded(String agentArguments) {
        return start(Mode.PRELOADED, agentArguments);
    }

    /**
     * Starts the target application with extra JVM options, before the main class.
     *
     * @param mode whether the agent is preloaded
     * @param agentArguments the arguments after {@code -javaagent:jlp.jar=}, or null
     * @param jvmOptions options such as {@code -Dname=value}
     * @return the running JVM, ready for commands
     */
    public static TargetJvm startWith(Mode mode, String agentArguments, List<String> jvmOptions) {
        return start(mode, agentArguments, jvmOptions);
    }

    private static TargetJvm start(Mode mode, String agentArguments) {
        return start(mode, agentArguments, List.of());
    }

    private static TargetJvm start(Mode mode, String agentArguments, List<String> jvmOptions) {
        List<String> command = javaCommand();
        command.addAll(jvmOptions);
        if (mode == Mode.PRELOADED) {
            command.add("-javaagent:" + Jars.jlp()
                    + (agentArguments == null ? "" : "=" + agentArguments));
        }
        command.addAll(List.of("-cp", Jars.app().toString(), MAIN, Jars.plugin().toString()));
        try {
            Path dir = Files.createDirectories(
                    Jars.workDir().resolve("jvm-" + STARTS.incrementAndGet()));
            Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
            try {
                return new TargetJvm(mode, process, dir);
            } catch (RuntimeException | Error e) {
                process.destroyForcibly();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * @return {@link Jars#java()} and the flags a child JVM needs so that loading the agent
     *     into it later prints no warning
     */
    public static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Jars.java().toString());
        int version = Jars.javaFeatureVersion();
        if (version >= 21) {
            command.add("-XX:+EnableDynamicAgentLoading");
        } else if (version == 0) {
            command.add("-XX:+IgnoreUnrecognizedVMOptions");
            command.add("-XX:+EnableDynamicAgentLoading");
        }
        return command;
    }

    /** @return how the agent got in */
    public Mode mode() {
        return mode;
    }

    /** @return the process id, for jlp */
    public long pid() {
        return process.pid();
    }

    /** @return the child's working directory, empty when it starts */
    public Path workingDirectory() {
        return workingDirectory;
    }

    /**
     * Runs one probe of the application.
     *
     * @param probe its name: cmdline, meminfo, account, calc, square, native, gate, plugin,
     *     other, busy
     * @return its result
     */
    public String call(String probe) {
        return command("call " + probe);
    }

    /**
     * Creates a class loader named {@code name} that defines its own {@code PluginGreeter}, and
     * calls the greeter (which initialises the class).
     *
     * @return what the greeter returned
     */
    public String newLoader(String name) {
        return command("newloader " + name);
    }

    /** @return what the greeter of a loader made by {@link #newLoader} returns now */
    public String callLoader(String name) {
        return command("callloader " + name);
    }

    /**
     * Drops a loader made by {@link #newLoader} and waits until the collector has taken it.
     *
     * @return {@code collected}
     */
    public String dropLoader(String name) {
        return command("droploader " + name);
    }

    /**
     * Runs one probe many times in a loop, so that the JIT compiles it and what it calls.
     *
     * @param times how many times
     * @param probe its name
     * @return the last result
     */
    public String repeat(int times, String probe) {
        return command("repeat " + times + " " + probe);
    }

    /**
     * Starts the application's thread {@code gate-holder}, which stays inside {@code Gate.pass}
     * (the version on top of its function stack now) until {@link #release()}: it keeps any
     * transition of that method open. Release it in a {@code finally}.
     */
    public void hold() {
        command("hold");
    }

    /** Like {@link #hold()}, with a virtual thread (JDK 21 and later). */
    public void holdVirtual() {
        command("vhold");
    }

    /**
     * Lets the thread of {@link #hold()} leave {@code Gate.pass} and waits for it to end.
     *
     * @return what its {@code Gate.pass} returned, naming the version it ran, or
     *     {@code nothing held}
     */
    public String release() {
        return command("release");
    }

    /** @return every probe's result, as {@code name=result|...} */
    public String snapshot() {
        return command("snapshot");
    }

    /** @return the {@link #snapshot()} taken when the application started */
    public String baseline() {
        return baseline;
    }

    private String command(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw failure("cannot send '" + line + "': " + e);
        }
        String reply = poll(CALL_SECONDS, "a reply to '" + line + "'");
        if (!reply.startsWith("= ")) {
            throw failure("'" + line + "' failed: " + reply);
        }
        return reply.substring(2);
    }

    private String poll(long seconds, String what) {
        try {
            String reply = replies.poll(seconds, TimeUnit.SECONDS);
            if (reply == null) {
                throw failure("no " + what + " within " + seconds + " s"
                        + (process.isAlive() ? "" : "; exited with " + process.exitValue()));
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted waiting for " + what);
        }
    }

    /**
     * @return whether the agent runs in this JVM; when it does, its MBean is registered (the
     *     agent registers it on a thread of its own, a moment after it starts)
     */
    public boolean agentPresent() {
        if (isRegistered(LivePatchMXBean.OBJECT_NAME)) {
            return true;
        }
        try {
            RuntimeMXBean runtime = ManagementFactory.newPlatformMXBeanProxy(jmx(),
                    ManagementFactory.RUNTIME_MXBEAN_NAME, RuntimeMXBean.class);
            if (!runtime.getSystemProperties().containsKey(AGENT_VERSION_PROPERTY)) {
                return false;
            }
        } catch (IOException e) {
            throw failure("cannot read the system properties: " + e);
        }
        awaitRegistration(LivePatchMXBean.OBJECT_NAME, true);
        return true;
    }

    /**
     * @param objectName an object name
     * @return whether an MBean of that name is registered in the child
     */
    public boolean isRegistered(String objectName) {
        try {
            return jmx().isRegistered(new ObjectName(objectName));
        } catch (IOException | MalformedObjectNameException e) {
            throw failure("cannot query " + objectName + ": " + e);
        }
    }

    /**
     * Waits until an MBean is registered, or unregistered. The agent follows the engine's patches
     * with their MBeans a moment after each event, as the kernel creates and removes sysfs
     * directories (the kernel harness waits for those too).
     *
     * @param objectName an object name
     * @param registered the state to wait for
     */
    public void awaitRegistration(String objectName, boolean registered) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TRANSITION_SECONDS);
        while (isRegistered(objectName) != registered) {
            if (System.nanoTime() > deadline) {
                throw failure(objectName + (registered ? " not registered" : " still registered")
                        + " after " + TRANSITION_SECONDS + " s");
            }
            pause();
        }
    }

    /** @return the agent's main MBean; the agent must be present */
    public LivePatchMXBean livePatch() {
        if (!agentPresent()) {
            throw failure("the jlivepatch agent is not in this JVM");
        }
        return JMX.newMXBeanProxy(jmx(), objectName(LivePatchMXBean.OBJECT_NAME),
                LivePatchMXBean.class);
    }

    /**
     * @param name a patch name
     * @return the object name of that patch's MBean
     */
    public static String patchObjectName(String name) {
        return PatchMXBean.OBJECT_NAME_PREFIX + ObjectName.quote(name);
    }

    /**
     * @param name a patch name
     * @return that patch's MBean; it must be registered
     */
    public PatchMXBean patchBean(String name) {
        return JMX.newMXBeanProxy(jmx(), objectName(patchObjectName(name)), PatchMXBean.class);
    }

    /** @return the names of the loaded patches in stack order; none if there is no agent */
    public List<String> patchNames() {
        return agentPresent() ? List.of(livePatch().getPatchNames()) : List.of();
    }

    /** @return the engine's status document, parsed */
    @SuppressWarnings("unchecked")
    public Map<String, Object> status() {
        return (Map<String, Object>) Json.read(livePatch().getStatusJson());
    }

    /**
     * @param patch a loaded patch's name
     * @return its object instances from the status document: name, loader, patched, functions
     */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> patchObjects(String patch) {
        for (Object element : (List<Object>) status().get("patches")) {
            Map<String, Object> json = (Map<String, Object>) element;
            if (patch.equals(json.get("name"))) {
                return ((List<Object>) json.get("objects")).stream()
                        .map(o -> (Map<String, Object>) o)
                        .toList();
            }
        }
        throw failure("no patch " + patch + " in " + livePatch().getStatusJson());
    }

    /**
     * @param afterSequence only events after this sequence number
     * @return the agent's events, oldest first; none if there is no agent
     */
    @SuppressWarnings("unchecked")
    public List<Event> events(long afterSequence) {
        if (!agentPresent()) {
            return List.of();
        }
        List<Event> events = new ArrayList<>();
        for (Object element : (List<Object>) Json.read(livePatch().eventsJson(afterSequence))) {
            Map<String, Object> event = (Map<String, Object>) element;
            events.add(new Event(((Number) event.get("sequence")).longValue(),
                    (String) event.get("message")));
        }
        return events;
    }

    /** @return the sequence number of the latest event, 0 if none: the canary of a test */
    public long eventMark() {
        List<Event> events = events(0);
        return events.isEmpty() ? 0 : events.get(events.size() - 1).sequence();
    }

    /**
     * @param mark a value of {@link #eventMark()}
     * @return the messages of the events after it
     */
    public List<String> eventsSince(long mark) {
        return events(mark).stream().map(Event::message).toList();
    }

    /**
     * Waits until the agent has logged a message.
     *
     * @throws AssertionError naming the events there are, if it has not after a while
     */
    public void awaitEvent(String message) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (events(0).stream().noneMatch(e -> e.message().equals(message))) {
            if (System.nanoTime() > deadline) {
                throw failure("no event '" + message + "' in " + eventsSince(0));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted waiting for '" + message + "'");
            }
        }
    }

    /**
     * Loads a patch jar and waits for its transition to complete: through JMX when the agent is
     * there, else with {@code jlp load}, which attaches it.
     *
     * @param jar the patch jar
     * @return the patch name
     */
    public String load(Path jar) {
        if (!agentPresent()) {
            Jlp.ok("load", pid(), jar);
            List<String> names = patchNames();
            return names.get(names.size() - 1);
        }
        try {
            String name = livePatch().load(jar.toString());
            awaitNoTransition();
            return name;
        } catch (PatchException e) {
            throw failure("loading " + jar + " was refused: " + e.getMessage());
        }
    }

    /**
     * Disables a patch through JMX and waits for its transition to complete.
     *
     * @param name the patch name
     */
    public void disable(String name) {
        try {
            livePatch().disable(name);
            awaitNoTransition();
        } catch (PatchException e) {
            throw failure("disabling " + name + " was refused: " + e.getMessage());
        }
    }

    /** Waits until no transition is in progress. */
    public void awaitNoTransition() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TRANSITION_SECONDS);
        while (status().get("transition") != null) {
            if (System.nanoTime() > deadline) {
                throw failure("transition still in progress after " + TRANSITION_SECONDS
                        + " s: " + livePatch().getStatusJson());
            }
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting");
        }
    }

    /**
     * @param message what went wrong
     * @return an assertion error carrying the child's recent output
     */
    public AssertionError failure(String message) {
        String tail;
        synchronized (diagnostics) {
            tail = diagnostics.toString();
        }
        return new AssertionError(message + "\n[" + mode + " JVM " + process.pid()
                + ", java " + Jars.java() + "]\n--- child output ---\n" + tail);
    }

    private MBeanServerConnection jmx() {
        if (jmx == null) {
            try {
                VirtualMachine vm = VirtualMachine.attach(Long.toString(pid()));
                String address;
                try {
                    address = vm.startLocalManagementAgent();
                } finally {
                    vm.detach();
                }
                jmxConnector = JMXConnectorFactory.connect(new JMXServiceURL(address));
                jmx = jmxConnector.getMBeanServerConnection();
            } catch (Exception e) {
                throw failure("cannot open a JMX connection: " + e);
            }
        }
        return jmx;
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    private void note(String line) {
        synchronized (diagnostics) {
            diagnostics.append(line).append('\n');
            if (diagnostics.length() > DIAGNOSTIC_CHARS) {
                diagnostics.delete(0, diagnostics.length() - DIAGNOSTIC_CHARS);
            }
        }
    }

    private void drain(InputStream stream, String name, Consumer<String> sink) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                note(name + " closed: " + e);
            }
        }, "target-" + process.pid() + "-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes the JMX connection and stdin, then kills the child if it does not exit. */
    @Override
    public void close() {
        try {
            if (jmxConnector != null) {
                jmxConnector.close();
            }
        } catch (IOException e) {
            note("closing JMX: " + e);
        }
        try {
            stdin.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
