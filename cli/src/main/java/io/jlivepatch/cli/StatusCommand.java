package io.jlivepatch.cli;

import io.jlivepatch.client.ConnectionLost;
import io.jlivepatch.client.Json;
import io.jlivepatch.client.LivePatchClient;
import io.jlivepatch.client.ThreadState;
import io.jlivepatch.core.status.EngineStatus.FunctionStatus;
import io.jlivepatch.core.status.EngineStatus.ObjectStatus;
import io.jlivepatch.core.status.EngineStatus.PatchStatus;
import io.jlivepatch.core.status.EngineStatus.PendingThread;
import io.jlivepatch.core.status.EngineStatus.StateStatus;
import io.jlivepatch.core.status.EngineStatus.TransitionStatus;
import io.jlivepatch.core.status.EngineStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jlp status PID}: the patches in a JVM, as the kernel's sysfs shows them. */
@Command(name = "status", mixinStandardHelpOptions = true, description = {"Show the patches in"
        + " a JVM with their flags, states, objects and functions; the transition in progress"
        + " with the threads it waits for; the atomic replacements done; and the shadow"
        + " variables in use.",
    "Does not load jlivepatch into a JVM that lacks it: it has no patches."})
final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id")
    private long pid;

    @Option(names = "--json", description = "print one JSON object")
    private boolean json;

    @Option(names = "--threads", description = "also show the patch state of every thread, as"
            + " the kernel's /proc/PID/patch_state: -1 no transition, 0 unpatched, 1 patched")
    private boolean threads;

    @Override
    public Integer call() throws ConnectionLost {
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            String agentVersion = jvm.agentVersion();
            boolean loaded = agentVersion != null;
            LivePatchClient agent = loaded ? jvm.livePatch() : null;
            Map<String, Object> statusMap = loaded ? agent.status().json()
                    : new EngineStatus(List.of(), null, List.of()).toJson(pid);
            // Without the agent there is no transition: every thread's state would be -1.
            List<ThreadState> threadStates = threads && loaded ? agent.threadStates() : List.of();
            String printed;
            if (json) {
                printed = Json.write(threads ? withThreads(statusMap, threadStates) : statusMap);
            } else {
                List<String> lines = text(pid, agentVersion, EngineStatus.fromJson(statusMap));
                if (statusMap.get("stale") instanceof String stale) {
                    lines.add(1, "note: " + stale);
                }
                lines.addAll(provenance(statusMap));
                if (threads) {
                    lines.addAll(threadTable(threadStates));
                }
                printed = String.join("\n", lines);
            }
            spec.commandLine().getOut().println(printed);
        }
        return Exit.OK.code;
    }

    /**
     * @param status the agent's status JSON, as a map
     * @return a heading and per patch who signed it and its latest audit record; none from an
     *     agent that reports neither
     */
    static List<String> provenance(Map<String, Object> status) {
        List<String> lines = new ArrayList<>();
        for (Object p : (List<?>) status.getOrDefault("patches", List.of())) {
            Map<?, ?> patch = (Map<?, ?>) p;
            if (!patch.containsKey("signer")) {
                continue;
            }
            String line = "   " + patch.get("name") + ": signer " + patch.get("signer");
            if (patch.get("audit") instanceof Map<?, ?> audit) {
                line += ", " + audit.get("action") + " by " + audit.get("user") + " at "
                        + audit.get("time") + (audit.get("sha256") == null ? ""
                        : ", sha256 " + audit.get("sha256"));
            }
            lines.add(line);
        }
        if (!lines.isEmpty()) {
            lines.add(0, "Provenance:");
        }
        return lines;
    }

    /**
     * @param status the agent's status document
     * @param threads the agent's thread states
     * @return the status object with {@code "threads":[{"name":..,"id":..,"patchState":..}]}
     *     added after its other members, which are passed through unchanged
     */
    static Map<String, Object> withThreads(Map<String, Object> status, List<ThreadState> threads) {
        Map<String, Object> json = new LinkedHashMap<>(status);
        List<Object> states = new ArrayList<>();
        threads.forEach(t -> states.add(t.toJson()));
        json.put("threads", states);
        return json;
    }

    /**
     * @param states the patch state of every thread
     * @return a heading and one line per thread, by id: its patch state, id and name
     */
    static List<String> threadTable(List<ThreadState> states) {
        List<String> lines = new ArrayList<>();
        if (states.isEmpty()) {
            lines.add("threads: none listed; outside a transition every thread's patch state is"
                    + " -1");
            return lines;
        }
        lines.add("threads (patch state -1: no transition, 0: unpatched, 1: patched):");
        lines.add(String.format("  %5s %8s  %s", "STATE", "ID", "NAME"));
        for (ThreadState t : states.stream().sorted(Comparator.comparingLong(ThreadState::id))
                .toList()) {
            lines.add(String.format("  %5d %8d  %s", t.patchState(), t.id(), t.name()));
        }
        return lines;
    }

    /**
     * @param pid the JVM's process id
     * @param agentVersion the agent's version, or null if it does not run in the JVM
     * @param status its status
     * @return the human form, one element per line
     */
    static List<String> text(long pid, String agentVersion, EngineStatus status) {
        List<String> lines = new ArrayList<>();
        if (agentVersion == null) {
            lines.add("JVM " + pid + ": no patches (jlivepatch is not loaded)");
            return lines;
        }
        int count = status.patches().size();
        lines.add("JVM " + pid + " (jlivepatch " + agentVersion + "): "
                + (count == 0 ? "no" : count) + (count == 1 ? " patch" : " patches")
                + ", transition: " + (status.transition() == null ? "none"
                : status.transition().patch() + " -> " + status.transition().target()));
        for (PatchStatus p : status.patches()) {
            lines.addAll(patchLines(p));
        }
        TransitionStatus transition = status.transition();
        if (transition != null) {
            lines.add("transition " + transition.patch() + " -> " + transition.target() + ": "
                    + pending(transition.pendingThreads().size()));
            for (PendingThread t : transition.pendingThreads()) {
                lines.add("   thread " + t.name() + " (#" + t.id() + ") is sleeping on function "
                        + t.blockedIn());
            }
            if (transition.virtualThreadsUnchecked()) {
                lines.add("   virtual threads cannot be checked in this JVM: the transition"
                        + " cannot complete unless forced");
            }
        }
        if (!status.otherAgents().isEmpty()) {
            lines.add("Other agents (their instrumentation of a patched method runs around the"
                    + " patch):");
            status.otherAgents().forEach(a -> lines.add("   " + a.jar() + ": runs "
                    + (a.beforeJlivepatch() ? "before" : "after") + " jlivepatch"));
        }
        if (!status.history().isEmpty()) {
            lines.add("History:");
            status.history().forEach(h -> lines.add("   " + h));
        }
        if (!status.shadowVariables().isEmpty()) {
            lines.add("Shadow variables:");
            new TreeMap<>(status.shadowVariables()).forEach((id, live) -> lines.add("   0x"
                    + Long.toHexString(id) + ": " + live));
        }
        return lines;
    }

    /**
     * @param p one patch
     * @return its lines: flags, states, what it replaces, objects and functions
     */
    private static List<String> patchLines(PatchStatus p) {
        List<String> lines = new ArrayList<>();
        lines.add(p.stackOrder() + ". " + p.name() + ": "
                + (p.enabled() ? "enabled" : "disabled")
                + (p.transition() ? ", in transition" : "")
                + ", replace: " + (p.replace() ? "yes" : "no")
                + ", stack order: " + p.stackOrder()
                + (p.description().isEmpty() ? "" : " - " + p.description()));
        for (StateStatus state : p.states()) {
            lines.add("   state " + state.id() + " version " + state.version());
        }
        if (!p.replacing().isEmpty()) {
            lines.add("   replacing: " + String.join(", ", p.replacing()));
        }
        for (ObjectStatus o : p.objects()) {
            if (o.waiting()) {
                lines.add("   " + o.name() + (o.loader() == null ? "" : " [" + o.loader() + "]")
                        + " not loaded yet: patched when a class loader defines it");
                continue;
            }
            lines.add("   " + o.name() + " [" + o.loader() + "] "
                    + (o.patched() ? "patched" : "not patched")
                    + (o.dynamic() ? " (dynamic)" : "")
                    + (o.alsoInstrumented() ? ", also instrumented by another agent" : ""));
            for (FunctionStatus f : o.functions()) {
                lines.add("     " + f.name() + f.descriptor()
                        + (f.patched() ? "" : " (not patched)")
                        + (f.transition() ? " (in transition)" : "")
                        + (f.nop() ? " (nop)" : ""));
            }
        }
        return lines;
    }

    /**
     * @param count how many threads a transition in progress waits for
     * @return for example {@code 2 threads not switched yet}
     */
    static String pending(int count) {
        return count == 0 ? "no thread left to switch"
                : count + (count == 1 ? " thread" : " threads") + " not switched yet";
    }
}
