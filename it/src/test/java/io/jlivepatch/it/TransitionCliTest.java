package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.Mode;
import io.jlivepatch.it.harness.SharedJvms;
import io.jlivepatch.it.harness.TargetJvm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-thread consistency model over the CLI (kernel K13–K15 without callbacks): a thread
 * held inside a changed function ({@code Gate.pass}) keeps the transition open; {@code load}
 * times out with exit 4 and leaves it running; status names the thread; other operations are
 * busy (exit 3); {@code force} completes it; {@code disable} and {@code enable} reverse it.
 * One JVM mode: the agent's way in does not matter here.
 */
class TransitionCliTest {

    private static final String GATE = "io.jlivepatch.it.app.Gate.pass";

    @RegisterExtension
    final SharedJvms jvms = new SharedJvms();

    @Test
    @SuppressWarnings("unchecked")
    void aVirtualThreadParkedInAChangedFunctionKeepsTheTransitionOpenUntilItLeaves() {
        Assumptions.assumeTrue(Jars.javaFeatureVersion() >= 21, "virtual threads: JDK 21+");
        TargetJvm jvm = jvms.get(Mode.ATTACHED);
        long mark = jvm.eventMark();
        jvm.holdVirtual();
        try {
            Jlp.Result load = Jlp.run("load", jvm.pid(), Jars.patch("gate"), "--timeout", "1s");
            assertEquals(4, load.exit(), load.describe());
            Jlp.Result status = Jlp.ok("status", jvm.pid(), "--json");
            Map<String, Object> transition = (Map<String, Object>) status.json().get("transition");
            List<Map<String, Object>> pending =
                    (List<Map<String, Object>>) transition.get("pendingThreads");
            assertEquals(1, pending.size(), status.describe());
            assertEquals("gate-holder", pending.get(0).get("name"), status.describe());
            assertEquals(GATE, pending.get(0).get("blockedIn"), status.describe());
        } finally {
            assertEquals("gate: original", jvm.release(), "the parked thread finished the old"
                    + " body");
        }
        jvm.awaitNoTransition();
        assertEquals(List.of(
                "livepatch: enabling patch 'test_klp_gate'",
                "livepatch: 'test_klp_gate': initializing patching transition",
                "livepatch: 'test_klp_gate': starting patching transition",
                "livepatch: 'test_klp_gate': completing patching transition",
                "livepatch: 'test_klp_gate': patching complete"), jvm.eventsSince(mark));
        assertEquals("gate: test_klp_gate", jvm.call("gate"));
        jvm.disable("test_klp_gate");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aHeldThreadStallsTheLoadWhichIsBusyUntilForced() {
        TargetJvm jvm = jvms.get(Mode.PRELOADED);
        long mark = jvm.eventMark();
        jvm.hold();
        try {
            Jlp.Result load = Jlp.run("load", jvm.pid(), Jars.patch("gate"), "--timeout", "1s");
            assertEquals(4, load.exit(), load.describe());
            assertTrue(load.err().contains("still running after 1s (1 thread not switched yet,"
                    + " such as gate-holder in " + GATE + ")"), load.describe());

            Jlp.Result status = Jlp.ok("status", jvm.pid(), "--json");
            Map<String, Object> transition = (Map<String, Object>) status.json().get("transition");
            assertEquals("test_klp_gate", transition.get("patch"), status.describe());
            assertEquals("PATCHED", transition.get("target"), status.describe());
            List<Map<String, Object>> pending =
                    (List<Map<String, Object>>) transition.get("pendingThreads");
            assertEquals(1, pending.size(), status.describe());
            assertEquals("gate-holder", pending.get(0).get("name"), status.describe());
            assertEquals(GATE, pending.get(0).get("blockedIn"), status.describe());

            Jlp.Result threads = Jlp.ok("status", jvm.pid(), "--threads", "--json");
            assertEquals(0, patchState(threads, "gate-holder"), "not switched: "
                    + threads.describe());
            assertEquals(1, patchState(threads, "busy-caller"), "switched: " + threads.describe());

            Jlp.Result busy = Jlp.run("load", jvm.pid(), Jars.patch("k1"));
            assertEquals(3, busy.exit(), busy.describe());
            assertTrue(busy.err().contains("'test_klp_gate' is in its patching transition"),
                    busy.describe());
            assertEquals(List.of("test_klp_gate"), jvm.patchNames());

            Jlp.ok("force", jvm.pid());
            assertEquals(List.of(
                    "livepatch: enabling patch 'test_klp_gate'",
                    "livepatch: 'test_klp_gate': initializing patching transition",
                    "livepatch: 'test_klp_gate': starting patching transition",
                    "livepatch: forcing remaining tasks to the patched state",
                    "livepatch: 'test_klp_gate': completing patching transition",
                    "livepatch: 'test_klp_gate': patching complete"), jvm.eventsSince(mark));
            assertEquals("gate: test_klp_gate", jvm.call("gate"));
        } finally {
            assertEquals("gate: original", jvm.release(), "the held thread finished the old"
                    + " body");
        }
        assertEquals(-1, patchState(Jlp.ok("status", jvm.pid(), "--threads", "--json"),
                "busy-caller"), "no transition");
    }

    @Test
    void disablingAStalledPatchingTransitionReversesIt() {
        TargetJvm jvm = jvms.get(Mode.PRELOADED);
        long mark = jvm.eventMark();
        jvm.hold();
        try {
            Jlp.Result load = Jlp.run("load", jvm.pid(), Jars.patch("gate"), "--timeout", "1s");
            assertEquals(4, load.exit(), load.describe());

            Jlp.Result disable = Jlp.ok("disable", jvm.pid(), "test_klp_gate");
            assertEquals(List.of(
                    "livepatch: enabling patch 'test_klp_gate'",
                    "livepatch: 'test_klp_gate': initializing patching transition",
                    "livepatch: 'test_klp_gate': starting patching transition",
                    "livepatch: 'test_klp_gate': reversing transition from patching to"
                            + " unpatching",
                    "livepatch: 'test_klp_gate': starting unpatching transition",
                    "livepatch: 'test_klp_gate': completing unpatching transition",
                    "livepatch: 'test_klp_gate': unpatching complete"), jvm.eventsSince(mark),
                    disable.describe());
            assertEquals(List.of(), jvm.patchNames());
            assertEquals("gate: original", jvm.call("gate"));
        } finally {
            assertEquals("gate: original", jvm.release());
        }
    }

    @Test
    void enablingAStalledUnpatchingTransitionReversesIt() {
        TargetJvm jvm = jvms.get(Mode.PRELOADED);
        jvm.load(Jars.patch("gate"));
        long mark = jvm.eventMark();
        jvm.hold();
        try {
            Jlp.Result disable = Jlp.run("disable", jvm.pid(), "test_klp_gate", "--timeout",
                    "1s");
            assertEquals(4, disable.exit(), disable.describe());
            assertTrue(disable.err().contains("reverse it with 'jlp enable " + jvm.pid()
                    + " test_klp_gate'"), disable.describe());

            Jlp.Result enable = Jlp.ok("enable", jvm.pid(), "test_klp_gate");
            assertEquals(List.of(
                    "livepatch: 'test_klp_gate': initializing unpatching transition",
                    "livepatch: 'test_klp_gate': starting unpatching transition",
                    "livepatch: 'test_klp_gate': reversing transition from unpatching to"
                            + " patching",
                    "livepatch: 'test_klp_gate': starting patching transition",
                    "livepatch: 'test_klp_gate': completing patching transition",
                    "livepatch: 'test_klp_gate': patching complete"), jvm.eventsSince(mark),
                    enable.describe());
            assertEquals(List.of("test_klp_gate"), jvm.patchNames());
            assertEquals("gate: test_klp_gate", jvm.call("gate"));
        } finally {
            assertEquals("gate: test_klp_gate", jvm.release(), "it ran the patched body");
        }
    }

    /** @return the patch state of the thread of that name in a {@code status --threads --json} */
    @SuppressWarnings("unchecked")
    private static int patchState(Jlp.Result threads, String name) {
        return ((List<Map<String, Object>>) threads.json().get("threads")).stream()
                .filter(t -> name.equals(t.get("name")))
                .map(t -> ((Number) t.get("patchState")).intValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no thread " + name + ": "
                        + threads.describe()));
    }
}
