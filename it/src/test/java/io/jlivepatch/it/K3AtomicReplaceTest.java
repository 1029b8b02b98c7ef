package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.Mode;
import io.jlivepatch.it.harness.SharedJvms;
import io.jlivepatch.it.harness.TargetJvm;
import io.jlivepatch.it.harness.Transcript;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * K3, "atomic replace livepatch" (test-livepatch.sh), over the CLI: a cumulative patch replaces
 * every enabled patch in one transition, without unpatch lines for them; functions only they
 * changed run the original again. Then a downgrade, and a replace stalled by a thread inside a
 * function of the patch it replaces.
 */
class K3AtomicReplaceTest {

    @RegisterExtension
    final SharedJvms jvms = new SharedJvms();

    @Test
    void aCumulativePatchReplacesTheStackInOneTransition() {
        TargetJvm jvm = jvms.get(Mode.PRELOADED);
        int historyBefore = history(jvm).size();
        Transcript t = new Transcript(jvm);
        t.load("k1");
        t.load("k2");
        t.call("cmdline", "meminfo");
        t.load("cumulative1");
        t.call("cmdline", "meminfo");

        assertEquals("""
                % jlp load k1.jar
                livepatch: enabling patch 'test_klp_livepatch'
                livepatch: 'test_klp_livepatch': initializing patching transition
                livepatch: 'test_klp_livepatch': starting patching transition
                livepatch: 'test_klp_livepatch': completing patching transition
                livepatch: 'test_klp_livepatch': patching complete
                % jlp load k2.jar
                livepatch: enabling patch 'test_klp_atomic_replace'
                livepatch: 'test_klp_atomic_replace': initializing patching transition
                livepatch: 'test_klp_atomic_replace': starting patching transition
                livepatch: 'test_klp_atomic_replace': completing patching transition
                livepatch: 'test_klp_atomic_replace': patching complete
                test_klp_livepatch: this has been live patched
                test_klp_atomic_replace: this has been live patched
                % jlp load cumulative1.jar
                livepatch: enabling patch 'test_klp_cumulative_1'
                livepatch: 'test_klp_cumulative_1': initializing patching transition
                livepatch: 'test_klp_cumulative_1': starting patching transition
                livepatch: 'test_klp_cumulative_1': completing patching transition
                livepatch: 'test_klp_cumulative_1': patching complete
                cmdline: original
                test_klp_cumulative_1: this has been live patched
                """, t.text());

        Jlp.Result status = Jlp.ok("status", jvm.pid(), "--json");
        List<Map<String, Object>> patches = patches(status);
        assertEquals(1, patches.size(), status.describe());
        assertEquals("test_klp_cumulative_1", patches.get(0).get("name"), status.describe());
        assertEquals(1L, patches.get(0).get("stackOrder"), status.describe());
        assertEquals(true, patches.get(0).get("replace"), status.describe());
        assertEquals(List.of(), patches.get(0).get("replacing"), status.describe());
        List<String> history = strings(status.json().get("history"));
        assertEquals(historyBefore + 2, history.size(), status.describe());
        assertTrue(history.get(historyBefore).startsWith(
                "test_klp_cumulative_1 replaced test_klp_livepatch at "), status.describe());
        assertTrue(history.get(historyBefore + 1).startsWith(
                "test_klp_cumulative_1 replaced test_klp_atomic_replace at "),
                status.describe());

        Jlp.Result text = Jlp.ok("status", jvm.pid());
        assertTrue(text.outLines().contains("1. test_klp_cumulative_1: enabled, replace: yes,"
                + " stack order: 1 - K3: cumulative patch of Meminfo.show"), text.describe());
        assertTrue(text.outLines().contains("History:"), text.describe());
        assertTrue(text.outLines().contains("   " + history.get(historyBefore)), text.describe());
    }

    @Test
    void anOlderCumulativePatchDowngradesANewerOne() {
        TargetJvm jvm = jvms.get(Mode.PRELOADED);
        int historyBefore = history(jvm).size();
        Transcript t = new Transcript(jvm);
        t.load("cumulative2");
        t.call("cmdline", "meminfo");
        t.load("cumulative1");
        t.call("cmdline", "meminfo");

        assertEquals("""
                % jlp load cumulative2.jar
                livepatch: enabling patch 'test_klp_cumulative_2'
                livepatch: 'test_klp_cumulative_2': initializing patching transition
                livepatch: 'test_klp_cumulative_2': starting patching transition
                livepatch: 'test_klp_cumulative_2': completing patching transition
                livepatch: 'test_klp_cumulative_2': patching complete
                test_klp_cumulative_2: this has been live patched
                test_klp_cumulative_2: this has been live patched
                % jlp load cumulative1.jar
                livepatch: enabling patch 'test_klp_cumulative_1'
                livepatch: 'test_klp_cumulative_1': initializing patching transition
                livepatch: 'test_klp_cumulative_1': starting patching transition
                livepatch: 'test_klp_cumulative_1': completing patching transition
                livepatch: 'test_klp_cumulative_1': patching complete
                cmdline: original
                test_klp_cumulative_1: this has been live patched
                """, t.text());
        assertEquals(List.of("test_klp_cumulative_1"), jvm.patchNames());
        List<String> history = history(jvm);
        assertEquals(historyBefore + 1, history.size(), history.toString());
        assertTrue(history.get(historyBefore).startsWith(
                "test_klp_cumulative_1 replaced test_klp_cumulative_2 at "), history.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void forcingAReplaceStalledInAReplacedFunctionMarksTheReplacedPatch() {
        TargetJvm jvm = jvms.get(Mode.PRELOADED);
        jvm.load(Jars.patch("gatevictim"));
        long mark = jvm.eventMark();
        jvm.hold();
        try {
            Jlp.Result load = Jlp.run("load", jvm.pid(), Jars.patch("cumulative1"), "--timeout",
                    "1s");
            assertEquals(4, load.exit(), load.describe());

            Jlp.Result status = Jlp.ok("status", jvm.pid(), "--json");
            List<Map<String, Object>> patches = patches(status);
            assertEquals(2, patches.size(), status.describe());
            Map<String, Object> replacing = patches.get(1);
            assertEquals("test_klp_cumulative_1", replacing.get("name"), status.describe());
            assertEquals(true, replacing.get("transition"), status.describe());
            assertEquals(List.of("test_klp_gate_forced"), replacing.get("replacing"),
                    status.describe());
            Map<String, Object> gate = ((List<Map<String, Object>>) replacing.get("objects"))
                    .stream().filter(o -> "io.jlivepatch.it.app.Gate".equals(o.get("name")))
                    .findFirst().orElseThrow(() -> new AssertionError("no dynamic Gate object: "
                            + status.describe()));
            assertEquals(true, gate.get("dynamic"), status.describe());
            Map<String, Object> nop = ((List<Map<String, Object>>) gate.get("functions")).get(0);
            assertEquals("pass", nop.get("name"), status.describe());
            assertEquals(true, nop.get("nop"), status.describe());

            Jlp.Result text = Jlp.ok("status", jvm.pid());
            assertTrue(text.outLines().contains("   replacing: test_klp_gate_forced"),
                    text.describe());
            assertTrue(text.out().contains(" (dynamic)\n"), text.describe());
            assertTrue(text.out().contains(" (in transition) (nop)\n"), text.describe());

            Jlp.ok("force", jvm.pid());
            assertEquals(List.of(
                    "livepatch: enabling patch 'test_klp_cumulative_1'",
                    "livepatch: 'test_klp_cumulative_1': initializing patching transition",
                    "livepatch: 'test_klp_cumulative_1': starting patching transition",
                    "livepatch: forcing remaining tasks to the patched state",
                    "livepatch: 'test_klp_cumulative_1': completing patching transition",
                    "livepatch: 'test_klp_cumulative_1': patching complete"),
                    jvm.eventsSince(mark));
            assertEquals("gate: original", jvm.call("gate"), "the nop runs the original");
        } finally {
            assertEquals("gate: test_klp_gate_forced", jvm.release(),
                    "the held thread finished the replaced patch's body");
        }
        Jlp.Result again = Jlp.run("load", jvm.pid(), Jars.patch("gatevictim"));
        assertEquals(2, again.exit(), again.describe());
        assertTrue(again.err().contains("'test_klp_gate_forced' was involved in a forced"
                + " transition"), again.describe());
        assertEquals(List.of("test_klp_cumulative_1"), jvm.patchNames());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> patches(Jlp.Result status) {
        return (List<Map<String, Object>>) status.json().get("patches");
    }

    private static List<String> history(TargetJvm jvm) {
        return strings(jvm.status().get("history"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return (List<String>) list;
    }
}
