package io.jlivepatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.client.Json;
import io.jlivepatch.core.status.EngineStatus.PatchStatus;
import io.jlivepatch.core.status.EngineStatus.PendingThread;
import io.jlivepatch.core.status.EngineStatus.TransitionStatus;
import io.jlivepatch.core.status.EngineStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How {@code jlp load}, {@code disable}, {@code enable} and {@code force} wait, against an agent
 * that plays back a scripted sequence of states (one per status read) and logs one event per
 * state.
 */
class TransitionWatchTest {

    private static final long PID = 4242;

    private static EngineStatus patched(boolean inTransition) {
        return new EngineStatus(List.of(new PatchStatus("fix-1", true, inTransition, false, 1,
                "", "/tmp/fix1.jar", List.of(), List.of())),
                inTransition ? new TransitionStatus("fix-1", "PATCHED", List.of(), false) : null,
                List.of());
    }

    private static final EngineStatus UNPATCHING = new EngineStatus(List.of(new PatchStatus(
            "fix-1", false, true, false, 1, "", "/tmp/fix1.jar", List.of(), List.of())),
            new TransitionStatus("fix-1", "UNPATCHED", List.of(), false), List.of());
    private static final EngineStatus EMPTY = new EngineStatus(List.of(), null, List.of());

    private final StringWriter progress = new StringWriter();

    @Test
    void loadWaitsForTheTransitionAndPrintsEachEvent() throws Exception {
        ScriptedAgent agent = new ScriptedAgent(PID, patched(true), patched(true), patched(false));
        TransitionWatch watch = new TransitionWatch(PID, new JmxAgent(agent),
                new PrintWriter(progress));

        watch.awaitPatched("fix-1", Duration.ofSeconds(10));

        assertEquals(List.of("livepatch: state 1", "livepatch: state 2", "livepatch: state 3"),
                progress.toString().lines().toList());
        Map<String, Object> result = watch.result("fix-1", "patched");
        assertEquals(List.of("pid", "patch", "state", "events"), List.copyOf(result.keySet()));
        assertEquals("{\"pid\":4242,\"patch\":\"fix-1\",\"state\":\"patched\",\"events\":["
                + "{\"sequence\":2,\"time\":0,\"level\":\"NOTICE\",\"message\":\"livepatch: state"
                + " 1\"},{\"sequence\":3,\"time\":0,\"level\":\"NOTICE\",\"message\":\"livepatch:"
                + " state 2\"},{\"sequence\":4,\"time\":0,\"level\":\"NOTICE\",\"message\":"
                + "\"livepatch: state 3\"}]}", Json.write(result));
    }

    @Test
    void disableWaitsUntilThePatchIsGone() throws Exception {
        ScriptedAgent agent = new ScriptedAgent(PID, UNPATCHING, EMPTY);
        TransitionWatch watch = new TransitionWatch(PID, new JmxAgent(agent), null);

        watch.awaitUnpatched("fix-1", Duration.ofSeconds(10));

        assertEquals("", progress.toString());
        assertEquals(2, ((List<?>) watch.result("fix-1", "unpatched").get("events")).size());
    }

    @Test
    void aTransitionStillRunningAtTheTimeoutExitsFourNamingTheBlockerAndTheWaysOn()
            throws Exception {
        ScriptedAgent agent = new ScriptedAgent(PID, new EngineStatus(List.of(new PatchStatus(
                "fix-1", true, true, false, 1, "", "/tmp/fix1.jar", List.of(), List.of())),
                new TransitionStatus("fix-1", "PATCHED", List.of(new PendingThread("worker-1", 23,
                        "com.acme.Tax.rate"), new PendingThread("worker-2", 24,
                        "com.acme.Tax.rate")), false), List.of()));
        TransitionWatch watch = new TransitionWatch(PID, new JmxAgent(agent), null);

        CommandException e = assertThrows(CommandException.class,
                () -> watch.awaitPatched("fix-1", Duration.ofMillis(100)));

        assertEquals(Exit.TIMEOUT, e.exit);
        assertEquals("the patching transition of 'fix-1' is still running after 100ms (2 threads"
                + " not switched yet, such as worker-1 in com.acme.Tax.rate); it goes on in JVM"
                + " 4242: wait and follow it with 'jlp status 4242', complete it at once with"
                + " 'jlp force 4242' (without the consistency check), or reverse it with"
                + " 'jlp disable 4242 fix-1'", e.getMessage());
    }

    @Test
    void anUnpatchingTransitionAtTheTimeoutIsReversedWithEnable() throws Exception {
        ScriptedAgent agent = new ScriptedAgent(PID, UNPATCHING);
        TransitionWatch watch = new TransitionWatch(PID, new JmxAgent(agent), null);

        CommandException e = assertThrows(CommandException.class,
                () -> watch.awaitUnpatched("fix-1", Duration.ofMillis(50)));

        assertEquals(Exit.TIMEOUT, e.exit);
        assertEquals("the unpatching transition of 'fix-1' is still running after 50ms (no thread"
                + " left to switch); it goes on in JVM 4242: wait and follow it with 'jlp status"
                + " 4242', complete it at once with 'jlp force 4242' (without the consistency"
                + " check), or reverse it with 'jlp enable 4242 fix-1'", e.getMessage());
    }

    @Test
    void aReversedPatchingTransitionIsARefusal() throws Exception {
        ScriptedAgent agent = new ScriptedAgent(PID, patched(true), EMPTY);
        TransitionWatch watch = new TransitionWatch(PID, new JmxAgent(agent), null);

        CommandException e = assertThrows(CommandException.class,
                () -> watch.awaitPatched("fix-1", Duration.ofSeconds(10)));

        assertEquals(Exit.REFUSED, e.exit);
        assertTrue(e.getMessage().startsWith("the patching transition of 'fix-1' was reversed"),
                e.getMessage());
    }
}
