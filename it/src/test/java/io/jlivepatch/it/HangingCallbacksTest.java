package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.Mode;
import io.jlivepatch.it.harness.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A callback that never returns (and ignores interruption) fails its operation at the callback
 * deadline as a failing pre-patch does: nothing changed, exit 2, logged. Meanwhile the engine
 * answers: {@code status} and {@code log} at once, any other operation busy (exit 3), and no
 * control thread piles up. A hanging startup patch does not keep {@code main} from running.
 */
class HangingCallbacksTest {

    private static final String K1 = "test_klp_livepatch";
    private static final String K1_OUTPUT = "test_klp_livepatch: this has been live patched";

    @Test
    @SuppressWarnings("unchecked")
    void aHangingPrePatchFailsTheLoadAndTheEngineAnswersMeanwhile() throws Exception {
        try (TargetJvm jvm = TargetJvm.startWith(Mode.ATTACHED, null,
                List.of("-Djlivepatch.callbackTimeout=30s"))) {
            Jlp.ok("load", jvm.pid(), Jars.patch("k1"));
            Path hanging = Jars.patch("hangprepatch");
            CompletableFuture<Jlp.Result> load = CompletableFuture.supplyAsync(
                    () -> Jlp.run("load", "--timeout", "5s", jvm.pid(), hanging));
            jvm.awaitEvent("hang_pre_patch: pre-patch hangs");

            Jlp.Result busy = Jlp.run("load", jvm.pid(), Jars.patch("k2"));
            assertEquals(3, busy.exit(), busy.describe());
            assertTrue(busy.err().contains("busy with the load of " + hanging), busy.describe());
            Jlp.Result disable = Jlp.run("disable", jvm.pid(), K1);
            assertEquals(3, disable.exit(), disable.describe());
            Map<String, Object> status = Jlp.ok("status", "--json", jvm.pid()).json();
            assertTrue(status.containsKey("stale"), "answered while the load held the engine: "
                    + status);
            assertTrue(Jlp.ok("log", jvm.pid()).out().contains("pre-patch hangs"));

            Jlp.Result failed = load.get();
            assertEquals(2, failed.exit(), failed.describe());
            assertTrue(failed.err().contains("pre-patch callback of object"), failed.describe());
            assertEquals(List.of(K1), jvm.patchNames());
            assertEquals(K1_OUTPUT, jvm.call("cmdline"));
            assertTrue(Jlp.ok("log", jvm.pid()).out().contains("'hang_pre_patch': pre-patch"
                    + " callback for object 'io.jlivepatch.it.app.Cmdline' did not return within"
                    + " 30000 ms"));

            Map<String, Object> threads = Jlp.ok("status", "--json", "--threads", jvm.pid())
                    .json();
            long control = ((List<Object>) threads.get("threads")).stream()
                    .map(t -> (String) ((Map<String, Object>) t).get("name"))
                    .filter(name -> name.startsWith("jlivepatch control ")).count();
            assertEquals(1, control, "only the connection of this status is served: " + threads);
            Jlp.ok("disable", jvm.pid(), K1);
            assertEquals("cmdline: original", jvm.call("cmdline"));
        }
    }

    @Test
    void aHangingStartupPatchLetsMainRunAndTheNextJarsApply() throws Exception {
        Path dir = Files.createDirectories(Jars.workDir().resolve("startup-hanging"));
        Files.copy(Jars.patch("hangprepatch"), dir.resolve("a-hang.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Jars.patch("k1"), dir.resolve("b-k1.jar"), StandardCopyOption.REPLACE_EXISTING);
        try (TargetJvm jvm = TargetJvm.startPreloaded("patches=" + dir + ",callbackTimeout=2s")) {
            assertEquals(K1_OUTPUT, jvm.call("cmdline"));
            assertEquals(List.of(K1), jvm.patchNames());
            String log = Jlp.ok("log", jvm.pid()).out();
            assertTrue(log.contains("patch jar " + dir.resolve("a-hang.jar") + " was not loaded"),
                    log);

            Jlp.ok("load", jvm.pid(), Jars.patch("hangpostpatch"));
            assertEquals("hang_post_patch: patched", jvm.call("cmdline"));
            jvm.awaitEvent("livepatch: 'hang_post_patch': post-patch callback for object"
                    + " 'io.jlivepatch.it.app.Cmdline' did not return within 2000 ms"
                    + " (jlivepatch.callbackTimeout); interrupted, it counts as failed");
        }
    }
}
