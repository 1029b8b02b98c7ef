package io.jlivepatch.cli;

import io.jlivepatch.client.ConnectionLost;
import io.jlivepatch.client.Json;
import io.jlivepatch.client.LivePatchClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of the commands that start or change a transition and wait for it to complete
 * ({@code load}, {@code disable}, {@code enable}, {@code force}), and how those commands report
 * the outcome: a picocli mixin.
 */
final class TransitionOptions {

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1m",
            converter = DurationConverter.class,
            description = "how long to wait for the transition, for example 500ms, 2s or 1m"
                    + " (default: ${DEFAULT-VALUE}); after that jlp exits with 4 and the"
                    + " transition goes on in the JVM")
    private Duration timeout;

    @Option(names = "--json", description = "print one JSON object, no progress")
    private boolean json;

    /**
     * Starts watching the engine's events. Call it before the step that changes the transition.
     *
     * @param pid the JVM's process id
     * @param livePatch the agent in that JVM
     * @param out where progress goes, unless {@code --json} is given
     * @return the watch
     * @throws ConnectionLost if the agent cannot be reached
     */
    TransitionWatch watch(long pid, LivePatchClient livePatch, PrintWriter out)
            throws ConnectionLost {
        return new TransitionWatch(pid, livePatch, json ? null : out);
    }

    /**
     * Waits until the patch's transition is complete and prints the outcome: one line, or the
     * watch's JSON result.
     *
     * @param watch the watch started before the step
     * @param pid the JVM's process id
     * @param name the patch name
     * @param patching whether the transition goes to the patched state (else unpatched)
     * @param out where the outcome goes
     * @return {@link Exit#OK}'s code
     * @throws CommandException ({@link Exit#TIMEOUT}) if the transition is still running at the
     *     timeout, ({@link Exit#REFUSED}) if it was reversed meanwhile
     * @throws ConnectionLost if the agent cannot be reached
     * @throws InterruptedException if interrupted while waiting
     */
    int complete(TransitionWatch watch, long pid, String name, boolean patching, PrintWriter out)
            throws ConnectionLost, InterruptedException {
        return complete(watch, pid, name, patching, out, List.of());
    }

    /**
     * Like {@link #complete(TransitionWatch, long, String, boolean, PrintWriter)}, with warnings
     * printed before the outcome ({@code "warnings":[..]} in JSON).
     *
     * @param warnings what the operator should know about the patch
     */
    int complete(TransitionWatch watch, long pid, String name, boolean patching, PrintWriter out,
            List<String> warnings) throws ConnectionLost, InterruptedException {
        if (patching) {
            watch.awaitPatched(name, timeout);
        } else {
            watch.awaitUnpatched(name, timeout);
        }
        if (json) {
            Map<String, Object> result = watch.result(name, patching ? "patched" : "unpatched");
            if (!warnings.isEmpty()) {
                result.put("warnings", warnings);
            }
            out.println(Json.write(result));
        } else {
            warnings.forEach(w -> out.println("warning: " + w));
            out.println("patch '" + name + "' is " + (patching ? "enabled in JVM "
                    : "disabled and removed from JVM ") + pid);
        }
        return Exit.OK.code;
    }
}
