package io.jlivepatch.cli;

import io.jlivepatch.client.ConnectionLost;
import io.jlivepatch.client.Event;
import io.jlivepatch.client.LivePatchClient;
import io.jlivepatch.client.Status;
import io.jlivepatch.client.TransitionEnd;
import io.jlivepatch.client.TransitionProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Waits for a patch's transition to complete ({@link LivePatchClient#awaitTransition}), printing
 * the engine's events as they arrive: the progress of {@code jlp load}, {@code disable},
 * {@code enable} and {@code force}.
 */
final class TransitionWatch {

    private final long pid;
    private final LivePatchClient livePatch;
    private final PrintWriter progress;
    private final List<Object> events = new ArrayList<>();
    private final long firstSequence;

    /**
     * Starts watching: only events logged from now on are reported. Create it before starting
     * the transition.
     *
     * @param pid the JVM's process id
     * @param livePatch the agent in that JVM
     * @param progress where to print progress lines, or null for none
     * @throws ConnectionLost if the agent cannot be reached
     */
    TransitionWatch(long pid, LivePatchClient livePatch, PrintWriter progress)
            throws ConnectionLost {
        this.pid = pid;
        this.livePatch = livePatch;
        this.progress = progress;
        List<Event> kept = livePatch.events(0);
        firstSequence = kept.isEmpty() ? 0 : kept.get(kept.size() - 1).sequence();
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
     * @throws ConnectionLost if the agent cannot be reached
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitPatched(String name, Duration timeout) throws ConnectionLost, InterruptedException {
        await(name, true, timeout);
    }

    /**
     * Waits until the patch is gone.
     *
     * @param name the patch name
     * @param timeout how long to wait
     * @throws ConnectionLost if the agent cannot be reached
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitUnpatched(String name, Duration timeout)
            throws ConnectionLost, InterruptedException {
        await(name, false, timeout);
    }

    private void await(String name, boolean patching, Duration timeout)
            throws ConnectionLost, InterruptedException {
        String what = (patching ? "patching" : "unpatching") + " transition of '" + name + "'";
        TransitionEnd end = livePatch.awaitTransition(name, timeout, firstSequence,
                new TransitionProgress() {
                    @Override
                    public void event(Event event) {
                        events.add(event.toJson());
                        line(event.message());
                    }

                    @Override
                    public void stillWaiting(Duration waited, Status status) {
                        line("waiting for the " + what + " (" + waited.toSeconds() + "s)"
                                + waitingFor(status, ": ", ""));
                    }
                });
        if (end.state() == TransitionEnd.State.RUNNING) {
            throw new CommandException(Exit.TIMEOUT, timedOut(what, timeout, end.status(), name,
                    patching), timeoutDetails(name, patching, end.status()));
        }
        if (end.state() != (patching ? TransitionEnd.State.PATCHED
                : TransitionEnd.State.UNPATCHED)) {
            throw new CommandException(Exit.REFUSED, "the " + what + " was reversed in JVM "
                    + pid + ": the patch is " + (patching ? "disabled" : "enabled") + " again");
        }
    }

    /**
     * @return the members of the {@code --json} error object of a timeout: pid, patch, target
     *     and the pending threads as the status JSON lists them
     */
    private Map<String, Object> timeoutDetails(String name, boolean patching, Status status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pid", pid);
        details.put("patch", name);
        details.put("target", patching ? "PATCHED" : "UNPATCHED");
        details.put("pendingThreads", status.json().get("transition") instanceof Map<?, ?> t
                && t.get("pendingThreads") != null ? t.get("pendingThreads") : List.of());
        details.put("events", events);
        return details;
    }

    /**
     * @return the one line of a timeout: what still runs, who it waits for, and the three ways
     *     on (wait, force, reverse)
     */
    private String timedOut(String what, Duration timeout, Status status, String name,
            boolean patching) {
        return "the " + what + " is still running after " + DurationConverter.format(timeout)
                + waitingFor(status, " (", ")") + "; it goes on in JVM " + pid
                + ": wait and follow it with 'jlp status " + pid + "', complete it at once"
                + " with 'jlp force " + pid + "' (without the consistency check), or reverse it"
                + " with 'jlp " + (patching ? "disable " : "enable ") + pid + " " + name + "'";
    }

    /**
     * @return {@code BEFORE + "N threads not switched yet, such as T in F" + AFTER}, or empty
     *     if no transition is in progress
     */
    private static String waitingFor(Status status, String before, String after) {
        return status.transition().map(t -> before
                + StatusCommand.pending(t.pendingThreads().size())
                + t.pendingThreads().stream().findFirst().map(p -> ", such as " + p.name()
                        + " in " + p.blockedIn()).orElse("") + after).orElse("");
    }

    private void line(String text) {
        if (progress != null) {
            progress.println(text);
            progress.flush();
        }
    }
}
