package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A patch never calls what the release lacks: leaving the class that adds a method out of the
 * build ({@code --exclude}, as once done with snakeyaml's {@code LoaderOptions}) is refused
 * naming the member, by {@code build} and by {@code verify}.
 */
class DanglingReferenceTest {

    private static final String OPTIONS = """
            package app;
            public class Options {
                public int limit() { return 10; }
            }
            """;
    private static final String SCANNER = """
            package app;
            public class Scanner {
                public int scan(Options o, int n) { return Math.min(n, o.limit()); }
            }
            """;

    @TempDir
    Path dir;

    private Path release() throws Exception {
        return SourceBuilds.jar(dir, "old", Map.of("app/Options.java", OPTIONS,
                "app/Scanner.java", SCANNER));
    }

    private Path fix() throws Exception {
        return SourceBuilds.jar(dir, "new", Map.of("app/Options.java", OPTIONS.replace(
                "public int limit()", "public int codePoints() { return 3; } public int limit()"),
                "app/Scanner.java", SCANNER.replace("o.limit()", "o.codePoints()")));
    }

    @Test
    void aPatchThatWouldCallAMethodOnlyTheFixHasIsNotWritten() throws Exception {
        Path patch = dir.resolve("p.jar");
        BuildException e = assertThrows(BuildException.class, () -> PatchBuild.write(
                new PatchBuild.Options(release(), fix(), "fix", true,
                        new ClassFilter(List.of(), List.of("app.Options")), List.of()), patch));
        assertEquals(BuildException.Reason.REFUSED, e.reason());
        assertTrue(e.getMessage().contains("refused: app.Options.codePoints()I: used by the"
                + " patch's code, but the release does not have it"), e.getMessage());
        assertFalse(Files.exists(patch));
    }

    @Test
    void verifyNamesTheMemberABuildLacks() throws Exception {
        Path withMethod = SourceBuilds.jar(dir, "with", Map.of("app/Options.java",
                OPTIONS.replace("public int limit()", "public int codePoints() { return 3; }"
                        + " public int limit()"), "app/Scanner.java", SCANNER));
        Path patch = dir.resolve("p.jar");
        PatchBuild.write(new PatchBuild.Options(withMethod, fix(), "fix", true,
                ClassFilter.all(), List.of()), patch);
        assertTrue(PatchVerifier.verify(patch, withMethod).ok());
        PatchVerifier.Verification verification = PatchVerifier.verify(patch, release());
        assertFalse(verification.ok());
        assertEquals("patch 'fix': its code uses app.Options.codePoints()I, which "
                + release() + " does not have", verification.checks().get(0).problem());
    }
}
