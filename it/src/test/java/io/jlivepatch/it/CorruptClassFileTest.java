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
import org.junit.jupiter.api.Test;

/**
 * A patch jar holding a corrupt class file is refused naming the class (exit 2, logged), by
 * {@code load} and {@code info}; in the startup directory the jars after it still apply.
 */
class CorruptClassFileTest {

    private static final String CLASS = "io/jlivepatch/it/patches/k1/CmdlinePatch.class";

    @Test
    void loadAndInfoRefuseTheJarNamingTheClass() {
        Path jar = Jars.corruptClassFile();
        Jlp.Result info = Jlp.run("info", jar);
        assertEquals(2, info.exit(), info.describe());
        assertTrue(info.err().contains(CLASS) && info.err().contains("corrupt"), info.describe());
        try (TargetJvm jvm = TargetJvm.start(Mode.PRELOADED)) {
            Jlp.Result load = Jlp.run("load", jvm.pid(), jar);
            assertEquals(2, load.exit(), load.describe());
            assertTrue(load.err().contains(CLASS) && load.err().contains("corrupt"),
                    load.describe());
            assertEquals(List.of(), jvm.patchNames());
            assertEquals(jvm.baseline(), jvm.snapshot());
            String log = Jlp.ok("log", jvm.pid()).out();
            assertTrue(log.contains(CLASS), log);
        }
    }

    @Test
    void theStartupDirectoryGoesOnAfterACorruptJar() throws Exception {
        Path dir = Files.createDirectories(Jars.workDir().resolve("startup-corrupt"));
        Files.copy(Jars.corruptClassFile(), dir.resolve("a-corrupt.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Jars.patch("k1"), dir.resolve("b-k1.jar"), StandardCopyOption.REPLACE_EXISTING);
        try (TargetJvm jvm = TargetJvm.startPreloaded("patches=" + dir)) {
            assertEquals("test_klp_livepatch: this has been live patched", jvm.call("cmdline"));
            String log = Jlp.ok("log", jvm.pid()).out();
            assertTrue(log.contains("patch jar " + dir.resolve("a-corrupt.jar")
                    + " was not loaded") && log.contains(CLASS), log);
        }
    }
}
