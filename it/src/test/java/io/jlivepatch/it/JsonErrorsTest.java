package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.Mode;
import io.jlivepatch.it.harness.TargetJvm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code --json}, every failure is one JSON object on stdout, as programs (the Ansible
 * module) read it: {@code exit}, {@code kind}, {@code message}, the engine's {@code reason},
 * and for a timeout the pending threads.
 */
class JsonErrorsTest {

    private static final String GATE = "io.jlivepatch.it.app.Gate.pass";

    @Test
    @SuppressWarnings("unchecked")
    void everyExitCodeComesWithItsJsonObject() {
        Map<String, Object> noJvm = failing(5, "status", "--json", Long.MAX_VALUE);
        assertEquals("no_jvm", noJvm.get("kind"));
        Map<String, Object> usage = failing(1, "load", "--json", "--timeout", "9999999999h", 1,
                Jars.patch("k1"));
        assertEquals("error", usage.get("kind"));
        try (TargetJvm jvm = TargetJvm.start(Mode.PRELOADED)) {
            Map<String, Object> refused = failing(2, "load", "--json", jvm.pid(),
                    Jars.patch("refusemissingmethod"));
            assertEquals("refused", refused.get("kind"));
            assertEquals("INCOMPATIBLE", refused.get("reason"), refused.toString());
            assertTrue(((String) refused.get("message")).contains("noSuchMethod"),
                    refused.toString());

            jvm.hold();
            try {
                Map<String, Object> timeout = failing(4, "load", "--json", "--timeout", "1s",
                        jvm.pid(), Jars.patch("gate"));
                assertEquals("timeout", timeout.get("kind"));
                assertEquals("test_klp_gate", timeout.get("patch"));
                assertEquals(jvm.pid(), ((Number) timeout.get("pid")).longValue());
                List<Map<String, Object>> pending =
                        (List<Map<String, Object>>) timeout.get("pendingThreads");
                assertEquals(1, pending.size(), timeout.toString());
                assertEquals("gate-holder", pending.get(0).get("name"));
                assertEquals(GATE, pending.get(0).get("blockedIn"));

                Map<String, Object> busy = failing(3, "load", "--json", jvm.pid(),
                        Jars.patch("k1"));
                assertEquals("busy", busy.get("kind"));
                assertEquals("BUSY", busy.get("reason"));
                Jlp.ok("force", jvm.pid());
            } finally {
                jvm.release();
            }
        }
    }

    private static Map<String, Object> failing(int exit, Object... args) {
        Jlp.Result result = Jlp.run(args);
        assertEquals(exit, result.exit(), result.describe());
        Map<String, Object> json = result.json();
        assertEquals(exit, ((Number) json.get("exit")).intValue(), result.describe());
        assertTrue(result.err().contains((String) json.get("message")), result.describe());
        return json;
    }
}
