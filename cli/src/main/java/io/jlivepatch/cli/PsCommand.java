package io.jlivepatch.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import io.jlivepatch.core.status.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * answer in time, or cannot be attached to, is listed with agent {@code unknown}.
 */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List the JVMs on this host"
        + " and whether jlivepatch runs in them.")
final class PsCommand implements Runnable {

    private static final long ANSWER_SECONDS = 5;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "print one JSON object")
    private boolean json;

    /**
     * One JVM.
     *
     * @param pid its process id
     * @param name its main class or jar and arguments
     * @param agent {@code yes}, {@code no} or {@code unknown}
     * @param agentVersion the agent's version if it is there, else null
     */
    record Jvm(long pid, String name, String agent, String agentVersion) {
    }

    @Override
    public void run() {
        List<Jvm> jvms = list();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(toJson(jvms)));
            return;
        }
        out.printf("%-8s %-8s %s%n", "PID", "AGENT", "MAIN");
        for (Jvm jvm : jvms) {
            out.printf("%-8d %-8s %s%n", jvm.pid(), jvm.agent(), jvm.name());
        }
    }

    private static List<Jvm> list() {
        long self = ProcessHandle.current().pid();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jlp-ps");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<VirtualMachineDescriptor, CompletableFuture<String>> asked = new LinkedHashMap<>();
            for (VirtualMachineDescriptor d : VirtualMachine.list()) {
                if (!d.id().equals(Long.toString(self))) {
                    asked.put(d, CompletableFuture.supplyAsync(() -> agentVersion(d), pool));
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
            List<Jvm> jvms = new ArrayList<>();
            for (Map.Entry<VirtualMachineDescriptor, CompletableFuture<String>> e
                    : asked.entrySet()) {
                jvms.add(describe(e.getKey(), e.getValue(), deadline));
            }
            return jvms;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Jvm describe(VirtualMachineDescriptor d, CompletableFuture<String> version,
            long deadline) {
        long pid = Long.parseLong(d.id());
        String name = d.displayName().isBlank() ? "?" : d.displayName();
        try {
            String v = version.get(Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            return new Jvm(pid, name, v.isEmpty() ? "no" : "yes", v.isEmpty() ? null : v);
        } catch (ExecutionException | TimeoutException e) {
            return new Jvm(pid, name, "unknown", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Jvm(pid, name, "unknown", null);
        }
    }

    /** @return the agent's version, empty if absent; throws if the JVM cannot be asked */
    private static String agentVersion(VirtualMachineDescriptor d) {
        try (TargetJvm jvm = TargetJvm.attach(d)) {
            String version = jvm.agentVersion();
            return version == null ? "" : version;
        }
    }

    /**
     * @param jvms the JVMs
     * @return {@code {"jvms":[{"pid":..,"name":..,"agent":..,"agentVersion":..}]}}
     */
    static Map<String, Object> toJson(List<Jvm> jvms) {
        List<Object> list = new ArrayList<>();
        for (Jvm jvm : jvms) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("pid", jvm.pid());
            entry.put("name", jvm.name());
            entry.put("agent", jvm.agent());
            entry.put("agentVersion", jvm.agentVersion());
            list.add(entry);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jvms", list);
        return json;
    }
}
