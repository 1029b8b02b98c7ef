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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * System states and shadow variables over the CLI: states in {@code status} and {@code info},
 * a cumulative downgrade of a state refused with the kernel's one line (K21), and the shadow
 * variable counts of {@code status}.
 */
class StatesAndShadowsTest {

    /** The id the {@code shadow} patch allocates under, {@code 0x6A1F_0006L}. */
    private static final long SHADOW_ID = 0x6A1F_0006L;

    @RegisterExtension
    final SharedJvms jvms = new SharedJvms();

    @Test
    @SuppressWarnings("unchecked")
    void statesAreShownAndAnOlderVersionCannotReplaceANewerOne() {
        TargetJvm jvm = jvms.get(Mode.PRELOADED);
        List<Map<String, Object>> version2 = List.of(Map.of("id", 1L, "version", 2L));
        assertEquals(version2, Jlp.ok("info", "--json", Jars.patch("statev2")).json()
                .get("states"));
        Jlp.ok("load", jvm.pid(), Jars.patch("statev2"));
        Jlp.Result status = Jlp.ok("status", jvm.pid(), "--json");
        Map<String, Object> patch = ((List<Map<String, Object>>) status.json().get("patches"))
                .get(0);
        assertEquals("test_klp_state_v2", patch.get("name"), status.describe());
        assertEquals(version2, patch.get("states"), status.describe());
        String before = jvm.snapshot();
        long lastSequence = lastSequence(Jlp.ok("log", jvm.pid(), "--json"));

        Jlp.Result refused = Jlp.run("load", jvm.pid(), Jars.patch("statev1replace"));
        assertEquals(2, refused.exit(), refused.describe());
        assertTrue(refused.err().contains("'test_klp_state_v1' is not compatible"),
                refused.describe());

        Jlp.Result log = Jlp.ok("log", jvm.pid());
        List<String> lines = Jlp.livepatchLines(log.out());
        assertEquals("livepatch: Livepatch patch (test_klp_state_v1) is not compatible with"
                + " the already installed livepatches.", lines.get(lines.size() - 1),
                log.describe());
        Jlp.Result logJson = Jlp.ok("log", jvm.pid(), "--json");
        assertEquals(lastSequence + 1, lastSequence(logJson), "exactly one new line: "
                + logJson.describe());
        assertEquals(List.of("test_klp_state_v2"), jvm.patchNames());
        assertEquals(before, jvm.snapshot(), "nothing changed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusCountsShadowVariablesPerId() {
        TargetJvm jvm = jvms.get(Mode.PRELOADED);
        Jlp.ok("load", jvm.pid(), Jars.patch("shadow"));
        assertEquals("test_klp_shadow: this has been live patched", jvm.call("cmdline"));

        Jlp.Result status = Jlp.ok("status", jvm.pid(), "--json");
        Map<String, Object> shadows = (Map<String, Object>) status.json().get("shadowVariables");
        assertEquals(1L, shadows.get(Long.toString(SHADOW_ID)), "one Cmdline object: "
                + status.describe());
        Jlp.Result text = Jlp.ok("status", jvm.pid());
        List<String> lines = text.outLines();
        int heading = lines.indexOf("Shadow variables:");
        assertTrue(heading > 0, text.describe());
        assertTrue(lines.subList(heading, lines.size()).contains("   0x6a1f0006: 1"),
                text.describe());
    }

    @SuppressWarnings("unchecked")
    private static long lastSequence(Jlp.Result logJson) {
        List<Map<String, Object>> events = (List<Map<String, Object>>) logJson.json()
                .get("events");
        return ((Number) events.get(events.size() - 1).get("sequence")).longValue();
    }
}
