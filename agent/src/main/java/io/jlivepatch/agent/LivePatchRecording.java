package io.jlivepatch.agent;

import io.jlivepatch.core.events.Event;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Live patching on the JDK Flight Recorder's timeline, beside GC and safepoints: one event
 * {@value #NAME} per load, transition start, stall report ({@link StallReports}), completion,
 * reversal, force, error and refusal,
 * told apart by its {@code kind}, taken from the engine's event log (whose texts are the
 * kernel's) and from the refusals of client operations. Installed only where the JVM has the
 * {@code jdk.jfr} module ({@link #available()}). {@code jfr print --events io.jlivepatch.LivePatch} shows
 * them.
 */
final class LivePatchRecording {

    /** The JFR event's name. */
    static final String NAME = "io.jlivepatch.LivePatch";

    private static final Pattern PATCH = Pattern.compile("'([^']+)'");
    /** The engine's event of a transition's start. */
    static final Pattern TRANSITION_START =
            Pattern.compile("livepatch: '[^']+': starting (un)?patching transition");
    /** The engine's event of a transition's completion. */
    static final Pattern TRANSITION_COMPLETE =
            Pattern.compile("livepatch: '[^']+': (un)?patching complete");

    private LivePatchRecording() {
    }

    /** One step of live patching. */
    @Name(NAME)
    @Label("Live Patch")
    @Category("jlivepatch")
    @Description("A load, transition step, force or refusal of jlivepatch")
    @StackTrace(false)
    static final class Step extends jdk.jfr.Event {
        @Label("Kind")
        String kind;
        @Label("Patch")
        String patch;
        @Label("Message")
        String message;
    }

    /** @return whether the JVM has the flight recorder's API */
    static boolean available() {
        return ModuleLayer.boot().findModule("jdk.jfr").isPresent();
    }

    /**
     * Records an event of the engine's log, if it is a step worth a place on the timeline.
     *
     * @param event the event
     */
    static void logged(Event event) {
        String kind = kind(event);
        if (kind != null) {
            commit(kind, patchOf(event.message()), event.message());
        }
    }

    /**
     * Records a refused client operation.
     *
     * @param patch the patch, or null if unknown
     * @param message the refusal
     */
    static void refused(String patch, String message) {
        commit("refusal", patch, message);
    }

    /**
     * Records that a transition still waits for threads.
     *
     * @param patch the patch in transition
     * @param message which threads, in which functions
     */
    static void stalled(String patch, String message) {
        commit("transition stall", patch, message);
    }

    /** @return whether a recording takes these events now */
    static boolean recording() {
        return new Step().isEnabled();
    }

    private static void commit(String kind, String patch, String message) {
        Step step = new Step();
        if (step.isEnabled()) {
            step.kind = kind;
            step.patch = patch;
            step.message = message;
            step.commit();
        }
    }

    private static String kind(Event event) {
        String m = event.message();
        if (m.startsWith("livepatch: enabling patch '")) {
            return "load";
        } else if (TRANSITION_START.matcher(m).matches()) {
            return "transition start";
        } else if (TRANSITION_COMPLETE.matcher(m).matches()) {
            return "transition complete";
        } else if (m.contains("': reversing transition from ")) {
            return "transition reverse";
        } else if (m.startsWith("livepatch: forcing remaining tasks")) {
            return "force";
        } else if (event.level() == Event.Level.ERROR) {
            return "error";
        }
        return null;
    }

    private static String patchOf(String message) {
        Matcher m = PATCH.matcher(message);
        return m.find() ? m.group(1) : null;
    }
}
