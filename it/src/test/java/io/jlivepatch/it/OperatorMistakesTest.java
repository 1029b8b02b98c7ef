package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.Mode;
import io.jlivepatch.it.harness.TargetJvm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mistakes and odd inputs an operator runs into, each answered with what is wrong: a timeout too
 * long to read, a directory or a device as the jar, a JVM that refuses every attach, a patch of
 * jlivepatch itself.
 */
class OperatorMistakesTest {

    @Test
    void oddJarsAndDurationsAreNamed() {
        Path dir = Jars.patch("k1").getParent();
        Jlp.Result directory = Jlp.run("load", 1, dir);
        assertEquals(1, directory.exit(), directory.describe());
        assertTrue(directory.err().contains(dir + " is a directory"), directory.describe());
        Jlp.Result device = Jlp.run("load", 1, "/dev/zero");
        assertEquals(1, device.exit(), device.describe());
        assertTrue(device.err().contains("/dev/zero is not a regular file"), device.describe());
        Jlp.Result info = Jlp.run("info", dir);
        assertEquals(2, info.exit(), info.describe());
        assertTrue(info.err().contains("is a directory"), info.describe());
        Jlp.Result timeout = Jlp.run("load", "--timeout", "9999999999h", 1, Jars.patch("k1"));
        assertEquals(1, timeout.exit(), timeout.describe());
        assertTrue(timeout.err().contains("at most 9 digits"), timeout.describe());
    }

    @Test
    void aJvmThatRefusesEveryAttachIsNamedWithItsFlag() {
        try (TargetJvm jvm = TargetJvm.startWith(Mode.ATTACHED, null,
                List.of("-XX:+DisableAttachMechanism"))) {
            Jlp.Result status = Jlp.run("status", jvm.pid());
            assertEquals(5, status.exit(), status.describe());
            assertTrue(status.err().contains("was started with -XX:+DisableAttachMechanism"),
                    status.describe());
        }
    }

    @Test
    void aTargetClassFoundNowhereIsNamedAtLoadAndStrictRefusesIt() {
        try (TargetJvm jvm = TargetJvm.start(Mode.PRELOADED)) {
            Jlp.Result strict = Jlp.run("load", "--strict", jvm.pid(), Jars.patch("waiting"));
            assertEquals(2, strict.exit(), strict.describe());
            assertTrue(strict.err().contains("targets io.jlivepatch.it.app.NoSuchClass, which no"
                    + " class loader of this JVM can find (a typo?); refused because of"
                    + " --strict"), strict.describe());
            assertEquals(List.of(), jvm.patchNames());

            Jlp.Result load = Jlp.ok("load", jvm.pid(), Jars.patch("waiting"));
            assertTrue(load.out().contains("warning: patch 'waiting_for_class' targets"
                    + " io.jlivepatch.it.app.NoSuchClass, which no class loader of this JVM can"
                    + " find (a typo?)"), load.describe());
            Jlp.ok("disable", jvm.pid(), "waiting_for_class");
            Jlp.Result found = Jlp.ok("load", "--strict", jvm.pid(), Jars.patch("k1"));
            assertTrue(!found.out().contains("warning:"), found.describe());
        }
    }

    @Test
    void aPatchOfJlivepatchItselfIsRefused() {
        Path jar = Jars.patch("refuseself");
        Jlp.Result info = Jlp.run("info", jar);
        assertEquals(2, info.exit(), info.describe());
        assertTrue(info.err().contains("io.jlivepatch.core.Engine, a class of jlivepatch"
                + " itself"), info.describe());
        try (TargetJvm jvm = TargetJvm.start(Mode.PRELOADED)) {
            Jlp.Result load = Jlp.run("load", jvm.pid(), jar);
            assertEquals(2, load.exit(), load.describe());
            assertTrue(load.err().contains("a class of jlivepatch itself"), load.describe());
            assertEquals(List.of(), jvm.patchNames());
        }
    }
}
