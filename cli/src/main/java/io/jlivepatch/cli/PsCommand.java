package io.jlivepatch.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.jlivepatch.client.ControlConnection;
import io.jlivepatch.client.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jlp ps}: the JVMs on this host and whether jlivepatch runs in them. Each JVM is asked
 * through the attach mechanism, in parallel, without starting anything in it; one that does not
 * answer in time, or cannot be attached to, is listed with agent {@code unknown}. Each
 * {@code --property KEY} adds the JVM's system property KEY (null where unset or unknown): how
 * tools pick the JVMs of one service instance.
 */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List the JVMs on this host"
        + " and whether jlivepatch runs in them.")
final class PsCommand implements Runnable {

    private static final long ANSWER_SECONDS = 5;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "print one JSON object")
    private boolean json;

    @Option(names = "--property", paramLabel = "KEY", description = "also show the system"
            + " property KEY of each JVM (repeatable); read through the attach mechanism,"
            + " as the agent's version is")
    private List<String> keys = List.of();

    /**
     * One JVM.
     *
     * @param pid its process id
     * @param name its main class or jar and arguments
     * @param agent {@code yes}, {@code no} or {@code unknown}
     * @param agentVersion the agent's version if it is there, else null
     * @param properties the system properties asked for, each to its value or null
     */
    record Jvm(long pid, String name, String agent, String agentVersion,
            Map<String, String> properties) {

        /** A JVM listed without system properties. */
        Jvm(long pid, String name, String agent, String agentVersion) {
            this(pid, name, agent, agentVersion, Map.of());
        }
    }

    @Override
    public void run() {
        List<Jvm> jvms = list(keys);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(toJson(jvms)));
            return;
        }
        out.printf("%-8s %-8s %s%n", "PID", "AGENT", "MAIN");
        for (Jvm jvm : jvms) {
            StringBuilder properties = new StringBuilder();
            jvm.properties().forEach((key, value) -> properties.append(' ').append(key)
                    .append('=').append(value == null ? "?" : value));
            out.printf("%-8d %-8s %s%s%n", jvm.pid(), jvm.agent(), jvm.name(), properties);
        }
    }

    private static List<Jvm> list(List<String> keys) {
        long self = ProcessHandle.current().pid();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jlp-ps");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<VirtualMachineDescriptor, CompletableFuture<Properties>> asked =
                    new LinkedHashMap<>();
            for (VirtualMachineDescriptor d : VirtualMachine.list()) {
                if (!d.id().equals(Long.toString(self))) {
                    asked.put(d, CompletableFuture.supplyAsync(() -> systemProperties(d), pool));
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
            List<Jvm> jvms = new ArrayList<>();
            for (Map.Entry<VirtualMachineDescriptor, CompletableFuture<Properties>> e
                    : asked.entrySet()) {
                jvms.add(describe(e.getKey(), e.getValue(), deadline, keys));
            }
            return jvms;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Jvm describe(VirtualMachineDescriptor d, CompletableFuture<Properties> asked,
            long deadline, List<String> keys) {
        long pid = Long.parseLong(d.id());
        String name = d.displayName().isBlank() ? "?" : d.displayName();
        Properties properties = null;
        try {
            properties = asked.get(Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Listed as unknown below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, String> shown = new LinkedHashMap<>();
        for (String key : keys) {
            shown.put(key, properties == null ? null : properties.getProperty(key));
        }
        if (properties == null) {
            return new Jvm(pid, name, "unknown", null, shown);
        }
        String version = properties.getProperty(ControlConnection.VERSION_PROPERTY);
        return new Jvm(pid, name, version == null ? "no" : "yes", version, shown);
    }

    /** @return the JVM's system properties; throws if the JVM cannot be asked */
    private static Properties systemProperties(VirtualMachineDescriptor d) {
        try (TargetJvm jvm = TargetJvm.attach(d)) {
            return jvm.systemProperties();
        }
    }

    /**
     * @param jvms the JVMs
     * @return {@code {"jvms":[{"pid":..,"name":..,"agent":..,"agentVersion":..}]}}, each JVM
     *     with {@code "properties":{KEY:VALUE or null}} when properties were asked for
     */
    static Map<String, Object> toJson(List<Jvm> jvms) {
        List<Object> list = new ArrayList<>();
        for (Jvm jvm : jvms) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("pid", jvm.pid());
            entry.put("name", jvm.name());
            entry.put("agent", jvm.agent());
            entry.put("agentVersion", jvm.agentVersion());
            if (!jvm.properties().isEmpty()) {
                entry.put("properties", jvm.properties());
            }
            list.add(entry);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jvms", list);
        return json;
    }
}
