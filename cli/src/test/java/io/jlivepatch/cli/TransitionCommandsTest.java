package io.jlivepatch.cli;

import io.jlivepatch.client.ControlConnection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.mbean.LivePatchMXBean;
import io.jlivepatch.core.model.PatchException.Kind;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.status.EngineStatus.PatchStatus;
import io.jlivepatch.core.status.EngineStatus.PendingThread;
import io.jlivepatch.core.status.EngineStatus.TransitionStatus;
import io.jlivepatch.core.status.EngineStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that change a transition, end to end through the attach mechanism and JMX: this
 * test JVM attaches to itself, where a {@link ScriptedAgent} stands in for the engine under the
 * agent's object name. Each scenario checks the exit code, the output and the engine calls.
 */
class TransitionCommandsTest {

    private static final long PID = ProcessHandle.current().pid();
    private static final String JVM = Long.toString(PID);

    private static final EngineStatus EMPTY = new EngineStatus(List.of(), null, List.of());

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static EngineStatus patching(boolean inTransition, PendingThread... pending) {
        return new EngineStatus(List.of(new PatchStatus("fix-1", true, inTransition, false, 1,
                "", "/tmp/fix1.jar", List.of(), List.of())), inTransition
                ? new TransitionStatus("fix-1", "PATCHED", List.of(pending), false) : null,
                List.of());
    }

    private static EngineStatus unpatching() {
        return new EngineStatus(List.of(new PatchStatus("fix-1", false, true, false, 1, "",
                "/tmp/fix1.jar", List.of(), List.of())), new TransitionStatus("fix-1",
                "UNPATCHED", List.of(), false), List.of());
    }

    /** Runs {@code jlp} with the agent registered in this JVM, or none if it is null. */
    private int jlp(ScriptedAgent agent, String... args) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(LivePatchMXBean.OBJECT_NAME);
        if (agent != null) {
            server.registerMBean(agent, name);
            System.setProperty(ControlConnection.VERSION_PROPERTY, "test");
        }
        try {
            return Main.run(new PrintWriter(out), new PrintWriter(err), args);
        } finally {
            if (agent != null) {
                System.clearProperty(ControlConnection.VERSION_PROPERTY);
                server.unregisterMBean(name);
            }
        }
    }

    @Test
    void forceOutsideATransitionExitsTwoWithTheEnginesReason() throws JMException {
        ScriptedAgent agent = new ScriptedAgent(PID, EMPTY);
        agent.refusal = new PatchException(Kind.INVALID_STATE, "no transition is in progress;"
                + " force applies only while a patch is in transition");

        assertEquals(2, jlp(agent, "force", JVM));

        assertEquals(List.of("force"), agent.calls);
        assertEquals("", out.toString());
        assertEquals("jlp: no transition is in progress; force applies only while a patch is in"
                + " transition" + System.lineSeparator(), err.toString());
    }

    @Test
    void forceWithoutJlivepatchInTheJvmExitsTwo() throws JMException {
        assertEquals(2, jlp(null, "force", JVM));

        assertEquals("jlp: no transition is in progress in JVM " + PID + ": jlivepatch is not"
                + " loaded there" + System.lineSeparator(), err.toString());
    }

    @Test
    void forcePrintsTheEventsThatFollowAndExitsZeroOnceTheTransitionCompleted()
            throws JMException {
        ScriptedAgent agent = new ScriptedAgent(PID, patching(true,
                new PendingThread("main", 1, "hello.Slow.work")), patching(false));

        assertEquals(0, jlp(agent, "force", JVM));

        assertEquals(List.of("force"), agent.calls);
        assertEquals(List.of("livepatch: state 1", "livepatch: state 2",
                "patch 'fix-1' is enabled in JVM " + PID), out.toString().lines().toList());
        assertEquals("", err.toString());
    }

    @Test
    void forcingAnUnpatchingTransitionWaitsUntilThePatchIsGone() throws JMException {
        ScriptedAgent agent = new ScriptedAgent(PID, unpatching(), EMPTY);

        assertEquals(0, jlp(agent, "force", JVM, "--json"));

        assertTrue(out.toString().startsWith("{\"pid\":" + PID + ",\"patch\":\"fix-1\","
                + "\"state\":\"unpatched\",\"events\":[{\"sequence\":2,"), out.toString());
    }

    @Test
    void enableReversesAnUnpatchingTransitionAndWaitsUntilThePatchIsEnabled()
            throws JMException {
        ScriptedAgent agent = new ScriptedAgent(PID, patching(true), patching(false));

        assertEquals(0, jlp(agent, "enable", JVM, "fix-1", "--timeout", "5s"));

        assertEquals(List.of("enable fix-1"), agent.calls);
        assertEquals("patch 'fix-1' is enabled in JVM " + PID,
                out.toString().lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void enableOfAPatchNotBeingDisabledExitsTwo() throws JMException {
        ScriptedAgent agent = new ScriptedAgent(PID, patching(false));
        agent.refusal = new PatchException(Kind.INVALID_STATE, "patch 'fix-1' is already"
                + " enabled");

        assertEquals(2, jlp(agent, "enable", JVM, "fix-1"));

        assertEquals("jlp: patch 'fix-1' is already enabled" + System.lineSeparator(),
                err.toString());
    }

    @Test
    void loadWhileAnotherPatchIsInTransitionExitsThree(@TempDir Path dir)
            throws JMException, IOException {
        Path jar = Files.createFile(dir.resolve("fix-2.jar"));
        ScriptedAgent agent = new ScriptedAgent(PID, patching(true));
        agent.refusal = new PatchException(Kind.BUSY, "patch 'fix-1' is in its patching"
                + " transition; wait for it to complete, then try again");

        assertEquals(3, jlp(agent, "load", JVM, jar.toString()));

        assertEquals(List.of("load " + jar.toAbsolutePath().normalize()), agent.calls);
        assertEquals("jlp: patch 'fix-1' is in its patching transition; wait for it to complete,"
                + " then try again" + System.lineSeparator(), err.toString());
    }

    @Test
    void disableWhileAnotherPatchIsInTransitionExitsThree() throws JMException {
        ScriptedAgent agent = new ScriptedAgent(PID, patching(true));
        agent.refusal = new PatchException(Kind.BUSY, "patch 'fix-1' is in its patching"
                + " transition; wait for it to complete, then try again");

        assertEquals(3, jlp(agent, "disable", JVM, "fix-0"));
    }

    @Test
    void loadStillInTransitionAtTheTimeoutExitsFourAndNamesTheBlockedThread(@TempDir Path dir)
            throws JMException, IOException {
        Path jar = Files.createFile(dir.resolve("fix-1.jar"));
        ScriptedAgent agent = new ScriptedAgent(PID, patching(true,
                new PendingThread("main", 1, "hello.Slow.work")));

        assertEquals(4, jlp(agent, "load", JVM, jar.toString(), "--timeout", "200ms"));

        assertEquals("jlp: the patching transition of 'fix-1' is still running after 200ms"
                + " (1 thread not switched yet, such as main in hello.Slow.work); it goes on in"
                + " JVM " + PID + ": wait and follow it with 'jlp status " + PID + "', complete"
                + " it at once with 'jlp force " + PID + "' (without the consistency check), or"
                + " reverse it with 'jlp disable " + PID + " fix-1'" + System.lineSeparator(),
                err.toString());
    }

    @Test
    void statusThreadsJsonAddsEveryThreadsPatchStateAfterTheTransition() throws JMException {
        ScriptedAgent agent = new ScriptedAgent(PID, new EngineStatus(List.of(), null, List.of()));
        agent.threadStatesJson = "[{\"name\":\"main\",\"id\":1,\"patchState\":-1}]";

        assertEquals(0, jlp(agent, "status", JVM, "--threads", "--json"));

        assertEquals("{\"pid\":" + PID + ",\"patches\":[],\"history\":[],\"shadowVariables\":{},\"otherAgents\":[],\"transition\":null,"
                + "\"threads\":[{\"name\":\"main\",\"id\":1,\"patchState\":-1}]}"
                + System.lineSeparator(),
                out.toString());
    }

    @Test
    void statusThreadsShowsTheTableAfterTheStatus() throws JMException {
        ScriptedAgent agent = new ScriptedAgent(PID, patching(true,
                new PendingThread("main", 1, "hello.Slow.work")));
        agent.threadStatesJson = "[{\"name\":\"main\",\"id\":1,\"patchState\":0},"
                + "{\"name\":\"worker\",\"id\":31,\"patchState\":1}]";

        assertEquals(0, jlp(agent, "status", JVM, "--threads"));

        List<String> lines = out.toString().lines().toList();
        assertEquals(List.of(
                "transition fix-1 -> PATCHED: 1 thread not switched yet",
                "   thread main (#1) is sleeping on function hello.Slow.work",
                "threads (patch state -1: no transition, 0: unpatched, 1: patched):",
                "  STATE       ID  NAME",
                "      0        1  main",
                "      1       31  worker"), lines.subList(lines.size() - 6, lines.size()));
    }
}
