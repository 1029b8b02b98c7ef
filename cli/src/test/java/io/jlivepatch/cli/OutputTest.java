package io.jlivepatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jlivepatch.client.Json;
import io.jlivepatch.client.Status;
import io.jlivepatch.client.ThreadState;
import io.jlivepatch.core.status.EngineStatus.FunctionStatus;
import io.jlivepatch.core.status.EngineStatus.ObjectStatus;
import io.jlivepatch.core.status.EngineStatus.PatchStatus;
import io.jlivepatch.core.status.EngineStatus.PendingThread;
import io.jlivepatch.core.status.EngineStatus.StateStatus;
import io.jlivepatch.core.status.EngineStatus.TransitionStatus;
import io.jlivepatch.core.status.EngineStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The human and JSON forms the commands print. */
class OutputTest {

    @Test
    void statusListsPatchesInStackOrderWithObjectsAndFunctions() {
        EngineStatus status = new EngineStatus(List.of(
                new PatchStatus("fix-1", true, false, false, 1, "Round totals", "/p/fix1.jar",
                        List.of(), List.of(new ObjectStatus("com.acme.Billing", "app", true,
                                false, List.of(
                                new FunctionStatus("total", "(Ljava/util/List;)I", true, false,
                                        false)))), List.of(new StateStatus(1, 2))),
                new PatchStatus("fix-2", true, true, true, 2, "", "/p/fix2.jar",
                        List.of("fix-1"),
                        List.of(new ObjectStatus("com.acme.Tax", "app", false, true, List.of(
                                new FunctionStatus("rate", "()I", false, true, true)))))),
                new TransitionStatus("fix-2", "PATCHED", List.of(
                        new PendingThread("worker-1", 23, "com.acme.Tax.rate")), true),
                List.of());

        assertEquals(List.of(
                "JVM 42 (jlivepatch 1.0): 2 patches, transition: fix-2 -> PATCHED",
                "1. fix-1: enabled, replace: no, stack order: 1 - Round totals",
                "   state 1 version 2",
                "   com.acme.Billing [app] patched",
                "     total(Ljava/util/List;)I",
                "2. fix-2: enabled, in transition, replace: yes, stack order: 2",
                "   replacing: fix-1",
                "   com.acme.Tax [app] not patched (dynamic)",
                "     rate()I (not patched) (in transition) (nop)",
                "transition fix-2 -> PATCHED: 1 thread not switched yet",
                "   thread worker-1 (#23) is sleeping on function com.acme.Tax.rate",
                "   virtual threads cannot be checked in this JVM: the transition cannot"
                        + " complete unless forced"),
                StatusCommand.text(42, "1.0", status));
    }

    @Test
    void statusEndsWithTheHistoryAndTheShadowVariablesInHexWhenThereAreAny() {
        EngineStatus status = new EngineStatus(List.of(
                new PatchStatus("fix-3", true, false, true, 1, "", "/p/fix3.jar", List.of(),
                        List.of())), null,
                List.of("fix-3 replaced fix-1 at 2025-01-02T03:04:05Z",
                        "fix-3 replaced fix-2 at 2025-01-02T03:04:05Z"),
                Map.of(0x5EED_0001L, 3, 16L, 1));

        assertEquals(List.of(
                "JVM 42 (jlivepatch 1.0): 1 patch, transition: none",
                "1. fix-3: enabled, replace: yes, stack order: 1",
                "History:",
                "   fix-3 replaced fix-1 at 2025-01-02T03:04:05Z",
                "   fix-3 replaced fix-2 at 2025-01-02T03:04:05Z",
                "Shadow variables:",
                "   0x10: 1",
                "   0x5eed0001: 3"), StatusCommand.text(42, "1.0", status));
    }

    @Test
    void statusSaysWhenJlivepatchIsAbsentOrEmpty() {
        EngineStatus empty = new EngineStatus(List.of(), null, List.of());
        assertEquals(List.of("JVM 42: no patches (jlivepatch is not loaded)"),
                StatusCommand.text(42, null, empty));
        assertEquals(List.of("JVM 42 (jlivepatch 1.0): no patches, transition: none"),
                StatusCommand.text(42, "1.0", empty));
    }

    @Test
    void statusWithThreadsPassesTheStatusThroughAndAddsTheThreadsLast() {
        String status = Json.write(new EngineStatus(List.of(), new TransitionStatus("fix-2",
                "UNPATCHED", List.of(new PendingThread("worker-1", 23, "com.acme.Tax.rate")),
                false), List.of()).toJson(42));
        List<ThreadState> threads = List.of(new ThreadState("main", 1, 1),
                new ThreadState("worker-1", 23, 0));

        String json = Json.write(StatusCommand.withThreads(Status.read(status).json(), threads));

        assertEquals("{\"pid\":42,\"patches\":[],\"history\":[],\"shadowVariables\":{},\"otherAgents\":[],\"transition\":{\"patch\":"
                + "\"fix-2\",\"target\":\"UNPATCHED\",\"pendingThreads\":[{\"name\":\"worker-1\","
                + "\"id\":23,\"blockedIn\":\"com.acme.Tax.rate\"}],\"virtualThreadsUnchecked\":"
                + "false},\"threads\":[{\"name\":\"main\",\"id\":1,\"patchState\":1},"
                + "{\"name\":\"worker-1\",\"id\":23,\"patchState\":0}]}", json);
        assertEquals(status, json.substring(0, status.length() - 1) + "}");
    }

    @Test
    void threadTableListsStateIdAndNameOfEveryThreadById() {
        List<ThreadState> states = List.of(new ThreadState("Common-Cleaner", 123456, -1),
                new ThreadState("main", 1, -1));

        assertEquals(List.of(
                "threads (patch state -1: no transition, 0: unpatched, 1: patched):",
                "  STATE       ID  NAME",
                "     -1        1  main",
                "     -1   123456  Common-Cleaner"), StatusCommand.threadTable(states));
        assertEquals(List.of("threads: none listed; outside a transition every thread's patch"
                + " state is -1"), StatusCommand.threadTable(List.of()));
    }

    @Test
    void aTransitionWithoutPendingThreadsSaysSo() {
        EngineStatus status = new EngineStatus(List.of(), new TransitionStatus("fix-1",
                "PATCHED", List.of(), false), List.of());

        assertEquals("transition fix-1 -> PATCHED: no thread left to switch",
                StatusCommand.text(42, "1.0", status).get(1));
    }

    @Test
    void psJsonIsOneObjectListingEveryJvm() {
        List<PsCommand.Jvm> jvms = List.of(new PsCommand.Jvm(7, "com.acme.Main --port 80",
                "yes", "1.0"), new PsCommand.Jvm(8, "app.jar", "unknown", null));

        assertEquals("{\"jvms\":[{\"pid\":7,\"name\":\"com.acme.Main --port 80\",\"agent\":"
                + "\"yes\",\"agentVersion\":\"1.0\"},{\"pid\":8,\"name\":\"app.jar\",\"agent\":"
                + "\"unknown\",\"agentVersion\":null}]}", Json.write(PsCommand.toJson(jvms)));
    }

    @Test
    void psJsonShowsTheSystemPropertiesAskedForWithNullWhereUnknown() {
        Map<String, String> unknown = new java.util.LinkedHashMap<>();
        unknown.put("app.instance", null);
        List<PsCommand.Jvm> jvms = List.of(new PsCommand.Jvm(7, "Main", "no", null,
                Map.of("app.instance", "2")), new PsCommand.Jvm(8, "Main", "unknown", null,
                unknown));

        assertEquals("{\"jvms\":[{\"pid\":7,\"name\":\"Main\",\"agent\":\"no\",\"agentVersion\""
                + ":null,\"properties\":{\"app.instance\":\"2\"}},{\"pid\":8,\"name\":\"Main\","
                + "\"agent\":\"unknown\",\"agentVersion\":null,\"properties\":{\"app.instance\""
                + ":null}}]}", Json.write(PsCommand.toJson(jvms)));
    }

    @Test
    void logLinesStartWithTheLocalTimeAndNameLevelsThatMatter() {
        long time = 1_700_000_000_123L;
        String at = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                .withZone(ZoneId.systemDefault()).format(Instant.ofEpochMilli(time));

        assertEquals(at + " livepatch: enabling patch 'fix-1'", LogCommand.text(Map.of(
                "sequence", 1L, "time", time, "level", "NOTICE",
                "message", "livepatch: enabling patch 'fix-1'")));
        assertEquals(at + " ERROR livepatch: 'fix-1': failed", LogCommand.text(Map.of(
                "sequence", 2L, "time", time, "level", "ERROR",
                "message", "livepatch: 'fix-1': failed")));
    }

    @Test
    void demoComparesInvoicesWithoutTheirNumbers() {
        assertEquals("4 items, total 105.79 EUR",
                DemoCommand.amounts("invoice #12: 4 items, total 105.79 EUR"));
    }
}
