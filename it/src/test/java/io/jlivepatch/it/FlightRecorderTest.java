package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.Mode;
import io.jlivepatch.it.harness.TargetJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Loads, transitions and refusals are JFR events ({@code io.jlivepatch.LivePatch}) in a
 * recording, as the JDK's {@code jfr print} shows them.
 */
class FlightRecorderTest {

    private static final String K1 = "test_klp_livepatch";

    @Test
    void aRecordingShowsTheLoadTransitionsAndARefusal() throws Exception {
        Path recording = Files.createDirectories(Jars.workDir().resolve("jfr"))
                .resolve("livepatch.jfr");
        Files.deleteIfExists(recording);
        try (TargetJvm jvm = TargetJvm.startWith(Mode.PRELOADED, null,
                List.of("-XX:StartFlightRecording:name=lp"))) {
            Jlp.ok("load", jvm.pid(), Jars.patch("k1"));
            Jlp.run("load", jvm.pid(), Jars.patch("refusemissingmethod"));
            Jlp.ok("disable", jvm.pid(), K1);
            run("jcmd", jvm.pid(), "JFR.dump", "name=lp", "filename=" + recording);
        }
        String printed = run("jfr", "print", "--events", "io.jlivepatch.LivePatch", recording);
        for (String kind : List.of("load", "transition start", "transition complete",
                "refusal")) {
            assertTrue(printed.contains("kind = \"" + kind + "\""), kind + " in " + printed);
        }
        assertTrue(printed.contains("patch = \"" + K1 + "\""), printed);
        assertTrue(printed.contains("noSuchMethod"), "the refusal says why: " + printed);
        String refusal = event(printed, "refusal");
        assertTrue(refusal.contains("patch = \"refuse_missing_method\""),
                "the refusal names the patch: " + refusal);
        long completions = printed.lines().filter(l -> l.contains("\"transition complete\""))
                .count();
        assertEquals(2, completions, "patching and unpatching complete: " + printed);
    }

    @Test
    void aStalledTransitionIsReportedNamingThePatchAndTheThread() throws Exception {
        Path recording = Files.createDirectories(Jars.workDir().resolve("jfr"))
                .resolve("stall.jfr");
        String stall;
        try (TargetJvm jvm = TargetJvm.startWith(Mode.PRELOADED, null,
                List.of("-XX:StartFlightRecording:name=lp"))) {
            jvm.hold();
            try {
                assertEquals(4, Jlp.run("load", jvm.pid(), Jars.patch("gate"), "--timeout",
                        "1s").exit());
                stall = "";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (stall.isEmpty() && System.nanoTime() < deadline) {
                    Files.deleteIfExists(recording);
                    run("jcmd", jvm.pid(), "JFR.dump", "name=lp", "filename=" + recording);
                    stall = event(run("jfr", "print", "--events", "io.jlivepatch.LivePatch",
                            recording), "transition stall");
                }
            } finally {
                jvm.release();
            }
            jvm.awaitNoTransition();
            jvm.disable("test_klp_gate");
        }
        assertTrue(stall.contains("patch = \"test_klp_gate\""), stall);
        assertTrue(stall.contains("'test_klp_gate': patching transition waits for 1 thread:"
                + " gate-holder (#"), stall);
        assertTrue(stall.contains(") in io.jlivepatch.it.app.Gate.pass"), stall);
    }

    /** @return the first event of {@code kind} that {@code jfr print} printed, or empty */
    private static String event(String printed, String kind) {
        for (String event : printed.split("io\\.jlivepatch\\.LivePatch \\{")) {
            if (event.contains("kind = \"" + kind + "\"")) {
                return event;
            }
        }
        return "";
    }

    private static String run(String tool, Object... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Jars.java().toAbsolutePath().getParent().resolve(tool).toString()));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(command + " failed: " + output);
        }
        return output;
    }
}
