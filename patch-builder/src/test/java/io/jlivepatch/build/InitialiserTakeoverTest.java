package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.load.PatchJarReader;
import io.jlivepatch.core.model.Callback;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A changed static initialiser is refused, unless a post-patch callback given with
 * {@code --with} takes the change over: then it is a warning, and the callback is in the patch.
 */
class InitialiserTakeoverTest {

    private static final String CALC = """
            package app;
            public class Calc {
                static int base;
                static { base = Integer.getInteger("base", 1); }
                public int f() { return base; }
            }
            """;
    private static final String CALLBACK = """
            package fix;
            import io.jlivepatch.api.Patch;
            import io.jlivepatch.api.PostPatch;
            @Patch("app.Calc")
            public class CalcBase {
                @PostPatch
                static void doubleBase() throws Exception {
                    java.lang.reflect.Field base = Class.forName("app.Calc")
                            .getDeclaredField("base");
                    base.setAccessible(true);
                    base.setInt(null, 2 * base.getInt(null));
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aChangedInitialiserIsRefusedWithoutACallback() throws Exception {
        BuildException e = assertThrows(BuildException.class, () -> build(List.of()));
        assertTrue(e.getMessage().contains("refused: app.Calc.<clinit>()V: changed static"
                + " initialiser: the class was initialised when it was loaded and a patch cannot"
                + " run its initialiser again; make the change in a post-patch callback (a"
                + " @PostPatch method of a @Patch(\"app.Calc\") class given with --with), or"
                + " leave the initialiser as it was"), e.getMessage());
    }

    @Test
    void aPostPatchCallbackGivenWithWithTakesTheChangedInitialiserOver() throws Exception {
        Path with = SourceBuilds.jar(dir, "with", Map.of("fix/CalcBase.java", CALLBACK),
                Path.of(System.getProperty("java.class.path")));
        Changes changes = build(List.of(with));
        assertTrue(changes.report().contains("warning: app.Calc.<clinit>()V: changed static"
                + " initialiser: the running class keeps what its initialiser made; the"
                + " post-patch callback fix.CalcBase.doubleBase (--with) takes the change over"),
                changes.report().toString());
        Patch patch = PatchJarReader.read(dir.resolve("patch.jar"));
        PatchObject object = patch.objects().stream()
                .filter(o -> o.patchClass().equals("fix/CalcBase")).findFirst().orElseThrow();
        assertEquals(List.of(Callback.Kind.POST_PATCH),
                object.callbacks().stream().map(Callback::kind).toList());
    }

    @Test
    void theCallbackJoinsTheObjectOfAClassWhoseMethodsChangedToo() throws Exception {
        Path with = SourceBuilds.jar(dir, "with", Map.of("fix/CalcBase.java", CALLBACK),
                Path.of(System.getProperty("java.class.path")));
        Changes changes = build(List.of(with), "return base + 1;");
        assertTrue(changes.report().contains("changed method: app.Calc.f()I"),
                changes.report().toString());
        Patch patch = PatchJarReader.read(dir.resolve("patch.jar"));
        assertEquals(1, patch.objects().size(), patch.objects().toString());
        PatchObject object = patch.objects().get(0);
        assertEquals(List.of("f()I"), object.functions().stream().map(f -> f.key()).toList());
        assertEquals(List.of(Callback.Kind.POST_PATCH),
                object.callbacks().stream().map(Callback::kind).toList());
    }

    private Changes build(List<Path> with) throws Exception {
        return build(with, "return base;");
    }

    private Changes build(List<Path> with, String newF) throws Exception {
        Path from = SourceBuilds.jar(dir, "old", Map.of("app/Calc.java", CALC));
        Path to = SourceBuilds.jar(dir, "new", Map.of("app/Calc.java",
                CALC.replace("base = Integer", "base = 2 * Integer")
                        .replace("return base;", newF)));
        return PatchBuild.write(new PatchBuild.Options(from, to, "fix", true, ClassFilter.all(),
                with), dir.resolve("patch.jar"));
    }
}
