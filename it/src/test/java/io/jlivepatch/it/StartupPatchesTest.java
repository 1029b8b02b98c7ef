package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * kpatch's {@code install}: {@code -javaagent:jlp.jar=patches=DIR} loads every patch jar of DIR,
 * in name order, before the application's classes are used; a broken jar is reported and the
 * JVM starts anyway.
 */
class StartupPatchesTest {

    @Test
    @SuppressWarnings("unchecked")
    void patchesOfTheDirectoryApplyFromTheStartAndABrokenOneIsReported() throws Exception {
        Path dir = Files.createDirectories(Jars.workDir().resolve("startup-patches"));
        Files.copy(Jars.patch("k1"), dir.resolve("a-k1.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Jars.notAJar(), dir.resolve("b-broken.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        try (TargetJvm jvm = TargetJvm.startPreloaded("patches=" + dir)) {
            assertEquals("test_klp_livepatch: this has been live patched", jvm.call("cmdline"));
            Map<String, Object> status = Jlp.ok("status", jvm.pid(), "--json").json();
            List<Map<String, Object>> patches = (List<Map<String, Object>>) status.get("patches");
            assertEquals(1, patches.size(), status.toString());
            assertEquals("test_klp_livepatch", patches.get(0).get("name"));
            assertEquals(dir.resolve("a-k1.jar").toString(), patches.get(0).get("source"),
                    "status says where the patch came from");
            String log = Jlp.ok("log", jvm.pid()).out();
            assertTrue(log.contains("livepatch: patch jar " + dir.resolve("b-broken.jar")
                    + " was not loaded"), log);
        }
    }
}
