package io.jlivepatch.cli;

import io.jlivepatch.core.mbean.LivePatchMXBean;
import io.jlivepatch.core.status.EngineStatus;
import io.jlivepatch.core.status.EngineStatus.PatchStatus;
import io.jlivepatch.core.status.EngineStatus.TransitionStatus;
import io.jlivepatch.core.status.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Waits for a patch's transition to complete, printing the engine's events as they arrive: the
 * progress of {@code jlp load}, {@code disable}, {@code enable} and {@code force}.
 */
final class TransitionWatch {

    private static final long POLL_MILLIS = 20;
    /** The member of the agent's status JSON that marks the latest read, not a fresh one. */
    private static final String STALE = "stale";
    private static final Duration REMINDER = Duration.ofSeconds(2);

    private final long pid;
    private final LivePatchMXBean livePatch;
    private final PrintWriter progress;
    private final List<Object> events = new ArrayList<>();
    private long lastSequence;

    /**
     * Starts watching: only events logged from now on are reported. Create it before starting
     * the transition.
     *
     * @param pid the JVM's process id
     * @param livePatch the agent in that JVM
     * @param progress where to print progress lines, or null for none
     */
    TransitionWatch(long pid, LivePatchMXBean livePatch, PrintWriter progress) {
        this.pid = pid;
        this.livePatch = livePatch;
        this.progress = progress;
        List<Object> kept = readEvents(0);
        lastSequence = kept.isEmpty() ? 0 : sequence(kept.get(kept.size() - 1));
    }

    /**
     * @param name the patch name
     * @param state what the transition achieved: {@code patched} or {@code unpatched}
     * @return the JSON result of the command:
     *     {@code {"pid":..,"patch":..,"state":..,"events":[..]}}, with the events seen
     */
    Map<String, Object> result(String name, String state) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("pid", pid);
        json.put("patch", name);
        json.put("state", state);
        json.put("events", events);
        return json;
    }

    /**
     * Waits until the patch is enabled and out of transition.
     *
     * @param name the patch name
     * @param timeout how long to wait
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitPatched(String name, Duration timeout) throws InterruptedException {
        await(name, true, timeout);
    }

    /**
     * Waits until the patch is gone.
     *
     * @param name the patch name
     * @param timeout how long to wait
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitUnpatched(String name, Duration timeout) throws InterruptedException {
        await(name, false, timeout);
    }

    private void await(String name, boolean patching, Duration timeout)
            throws InterruptedException {
        String what = (patching ? "patching" : "unpatching") + " transition of '" + name + "'";
        long start = System.nanoTime();
        Duration nextReminder = REMINDER;
        while (true) {
            // Status first: the events read after it include every event of the state it shows.
            Map<String, Object> json = TargetJvm.statusMap(livePatch.getStatusJson());
            EngineStatus status = EngineStatus.fromJson(json);
            print(readEvents(lastSequence));
            // A stale status predates the operation still holding the engine: keep waiting.
            boolean engineBusy = json.containsKey(STALE);
            PatchStatus patch = status.patches().stream().filter(p -> p.name().equals(name))
                    .findFirst().orElse(null);
            boolean inTransition = patch != null && patch.transition()
                    || status.transition() != null && status.transition().patch().equals(name);
            if (!inTransition && !engineBusy) {
                if (patching ? patch != null && patch.enabled() : patch == null) {
                    return;
                }
                throw new CommandException(Exit.REFUSED, "the " + what + " was reversed in JVM "
                        + pid + ": the patch is " + (patching ? "disabled" : "enabled")
                        + " again");
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            if (waited.compareTo(timeout) >= 0) {
                throw new CommandException(Exit.TIMEOUT, timedOut(what, timeout,
                        status.transition(), name, patching), timeoutDetails(name, patching,
                        json.get("transition")));
            }
            if (waited.compareTo(nextReminder) >= 0) {
                line("waiting for the " + what + " (" + waited.toSeconds() + "s)"
                        + waitingFor(status.transition(), ": ", ""));
                nextReminder = nextReminder.plus(REMINDER);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * @return the members of the {@code --json} error object of a timeout: pid, patch, target
     *     and the pending threads as the status JSON lists them
     */
    private Map<String, Object> timeoutDetails(String name, boolean patching,
            Object transition) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pid", pid);
        details.put("patch", name);
        details.put("target", patching ? "PATCHED" : "UNPATCHED");
        details.put("pendingThreads", transition instanceof Map<?, ?> t
                && t.get("pendingThreads") != null ? t.get("pendingThreads") : List.of());
        details.put("events", events);
        return details;
    }

    /**
     * @return the one line of a timeout: what still runs, who it waits for, and the three ways
     *     on (wait, force, reverse)
     */
    private String timedOut(String what, Duration timeout, TransitionStatus transition,
            String name, boolean patching) {
        return "the " + what + " is still running after " + DurationConverter.format(timeout)
                + waitingFor(transition, " (", ")") + "; it goes on in JVM " + pid
                + ": wait and follow it with 'jlp status " + pid + "', complete it at once"
                + " with 'jlp force " + pid + "' (without the consistency check), or reverse it"
                + " with 'jlp " + (patching ? "disable " : "enable ") + pid + " " + name + "'";
    }

    /**
     * @return {@code BEFORE + "N threads not switched yet, such as T in F" + AFTER}, or empty
     *     if the transition is unknown
     */
    private static String waitingFor(TransitionStatus transition, String before, String after) {
        if (transition == null) {
            return "";
        }
        return before + StatusCommand.pending(transition) + transition.pendingThreads().stream()
                .findFirst().map(t -> ", such as " + t.name() + " in " + t.blockedIn())
                .orElse("") + after;
    }

    @SuppressWarnings("unchecked")
    private List<Object> readEvents(long after) {
        return (List<Object>) Json.read(livePatch.eventsJson(after));
    }

    private void print(List<Object> arrived) {
        for (Object event : arrived) {
            events.add(event);
            lastSequence = sequence(event);
            line((String) ((Map<?, ?>) event).get("message"));
        }
    }

    private void line(String text) {
        if (progress != null) {
            progress.println(text);
            progress.flush();
        }
    }

    private static long sequence(Object event) {
        return ((Number) ((Map<?, ?>) event).get("sequence")).longValue();
    }
}
