package io.jlivepatch.it.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario's record, kept the way the kernel self-tests keep dmesg: each command as a
 * {@code % ...} line, the agent's {@code livepatch:} events in order, and what the probes the
 * test runs print. Compare {@link #text()} with the expected text, exactly.
 */
public final class Transcript {

    private final TargetJvm jvm;
    private final List<String> lines = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private long mark;

    /**
     * Starts recording: only events after this point count (the kernel harness's canary).
     *
     * @param jvm the target JVM
     */
    public Transcript(TargetJvm jvm) {
        this.jvm = jvm;
        this.mark = jvm.eventMark();
    }

    /**
     * {@code jlp load PID patches/NAME.jar}, which must succeed.
     *
     * @param patch the patch package, for example {@code "k1"}
     */
    public void load(String patch) {
        Path jar = Jars.patch(patch);
        step("% jlp load " + jar.getFileName(), "load", jvm.pid(), jar);
    }

    /**
     * {@code jlp disable PID NAME}, which must succeed.
     *
     * @param name the patch name
     */
    public void disable(String name) {
        step("% jlp disable " + name, "disable", jvm.pid(), name);
    }

    /**
     * Runs probes of the application and records what they return.
     *
     * @param probes probe names
     */
    public void call(String... probes) {
        collectEvents();
        for (String probe : probes) {
            lines.add(jvm.call(probe));
        }
    }

    /** @return the record so far, one line each, ending in a newline */
    public String text() {
        collectEvents();
        return String.join("\n", lines) + "\n";
    }

    /** @return the events recorded so far, without commands and probe output */
    public List<String> events() {
        collectEvents();
        return List.copyOf(events);
    }

    private void step(String shown, Object... args) {
        collectEvents();
        lines.add(shown);
        Jlp.Result result = Jlp.run(args);
        if (result.exit() != 0) {
            throw jvm.failure("expected exit 0: " + result.describe() + "\nrecorded so far:\n"
                    + String.join("\n", lines));
        }
        jvm.awaitNoTransition();
        collectEvents();
    }

    private void collectEvents() {
        for (TargetJvm.Event event : jvm.events(mark)) {
            lines.add(event.message());
            events.add(event.message());
            mark = event.sequence();
        }
    }
}
