package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.Mode;
import io.jlivepatch.it.harness.TargetJvm;
import io.jlivepatch.it.harness.Transcript;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * K1, "basic function patching" (test-livepatch.sh): load a patch, see it work, disable it, see
 * the original back, with the kernel's exact event log. On a fresh JVM, so that in attached mode
 * it is this {@code jlp load} that brings the agent in, and the log holds nothing else.
 */
class K1BasicPatchingTest {

    private static final List<String> K1_EVENTS = List.of(
            "livepatch: enabling patch 'test_klp_livepatch'",
            "livepatch: 'test_klp_livepatch': initializing patching transition",
            "livepatch: 'test_klp_livepatch': starting patching transition",
            "livepatch: 'test_klp_livepatch': completing patching transition",
            "livepatch: 'test_klp_livepatch': patching complete",
            "livepatch: 'test_klp_livepatch': initializing unpatching transition",
            "livepatch: 'test_klp_livepatch': starting unpatching transition",
            "livepatch: 'test_klp_livepatch': completing unpatching transition",
            "livepatch: 'test_klp_livepatch': unpatching complete");

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void basicFunctionPatching(Mode mode) throws IOException {
        try (TargetJvm jvm = TargetJvm.start(mode)) {
            Transcript t = new Transcript(jvm);
            t.call("cmdline");
            t.load("k1");
            t.call("cmdline");
            t.disable("test_klp_livepatch");
            t.call("cmdline");

            assertEquals("""
                    cmdline: original
                    % jlp load k1.jar
                    livepatch: enabling patch 'test_klp_livepatch'
                    livepatch: 'test_klp_livepatch': initializing patching transition
                    livepatch: 'test_klp_livepatch': starting patching transition
                    livepatch: 'test_klp_livepatch': completing patching transition
                    livepatch: 'test_klp_livepatch': patching complete
                    test_klp_livepatch: this has been live patched
                    % jlp disable test_klp_livepatch
                    livepatch: 'test_klp_livepatch': initializing unpatching transition
                    livepatch: 'test_klp_livepatch': starting unpatching transition
                    livepatch: 'test_klp_livepatch': completing unpatching transition
                    livepatch: 'test_klp_livepatch': unpatching complete
                    cmdline: original
                    """, t.text());

            // The same log through every window onto it: jlp log, and the MBean's text lines.
            Jlp.Result log = Jlp.ok("log", jvm.pid());
            assertEquals(K1_EVENTS, Jlp.livepatchLines(log.out()), log.describe());
            assertEquals(K1_EVENTS,
                    Jlp.livepatchLines(String.join("\n", jvm.livePatch().getEvents())));

            assertEquals(List.of(), jvm.patchNames(), "a disabled patch is gone from the list");
            assertEquals(jvm.baseline(), jvm.snapshot(), "every probe answers as at the start");
            try (Stream<?> files = Files.list(jvm.workingDirectory())) {
                assertEquals(List.of(), files.toList(),
                        "the agent creates no files in the target's working directory");
            }
        }
    }
}
