package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.load.PatchJarReader;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new method that a changed method of a class in another package calls moves to a holder
 * beside its own class, which that class's object defines; the other object's code finds it by
 * name in the loader both share.
 */
class NewMethodsAcrossPackagesTest {

    private static final String ENV = """
            package app.util;
            public final class Env {
                public static int version() { return 8; }
            }
            """;
    private static final String STREAM = """
            package app.net;
            public class Stream {
                public String filter() { return "none"; }
            }
            """;
    private static final String NEW_STREAM = """
            package app.net;
            import app.util.Env;
            public class Stream {
                public String filter() { return Env.isModern() ? "depth" : "none"; }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aNewMethodCalledFromAnotherPackageIsDefinedBesideItsOwnClass() throws Exception {
        String newEnv = ENV.replace("return 8; }", "return 9; }"
                + " public static boolean isModern() { return version() > 8; }");
        Changes changes = build(newEnv);
        String holder = holder(changes);
        Patch patch = PatchJarReader.read(dir.resolve("patch.jar"));
        assertEquals(List.of(holder), newClasses(patch, "app.util.Env"));
        assertEquals(List.of(), newClasses(patch, "app.net.Stream"));
    }

    @Test
    void aNewMethodOfAnOtherwiseUnchangedClassGetsAnObjectToDefineItsHolder() throws Exception {
        Changes changes = build(ENV.replace("return 8; }", "return 8; }"
                + " public static boolean isModern() { return version() > 8; }"));
        String holder = holder(changes);
        Patch patch = PatchJarReader.read(dir.resolve("patch.jar"));
        assertEquals(List.of(holder), newClasses(patch, "app.util.Env"));
    }

    /**
     * Class files of Java 8 call a class's private methods with {@code invokespecial}, which
     * is not a super call: the new method moves, and reaches the private one from its holder.
     */
    @Test
    void aNewMethodCallingAPrivateMethodInAJava8ClassFileMoves() throws Exception {
        Changes changes = build(ENV.replace("return 8; }", "return 8; }"
                + " private boolean modern() { return version() > 8; }"
                + " public boolean isModern() { return modern(); }")
                .replace("public final class Env {", "public final class Env {"
                        + " public static final Env INSTANCE = new Env();"),
                NEW_STREAM.replace("Env.isModern()", "Env.INSTANCE.isModern()"), 8);
        String holder = holder(changes);
        Patch patch = PatchJarReader.read(dir.resolve("patch.jar"));
        assertTrue(newClasses(patch, "app.util.Env").contains(holder), patch.toString());
    }

    private Changes build(String newEnv) throws Exception {
        return build(newEnv, NEW_STREAM, 17);
    }

    private Changes build(String newEnv, String newStream, int release) throws Exception {
        Path from = SourceBuilds.jar(dir, "old", Map.of("app/util/Env.java", ENV,
                "app/net/Stream.java", STREAM), null, release);
        Path to = SourceBuilds.jar(dir, "new", Map.of("app/util/Env.java", newEnv,
                "app/net/Stream.java", newStream), null, release);
        return PatchBuild.write(new PatchBuild.Options(from, to, "fix", true, ClassFilter.all(),
                List.of()), dir.resolve("patch.jar"));
    }

    /** @return the internal name of the holder of {@code isModern}, as the report names it */
    private static String holder(Changes changes) {
        String notice = "notice: app.util.Env.isModern()Z: new method called by other classes'"
                + " patched code: carried as a static method of ";
        String line = changes.report().stream().filter(l -> l.startsWith(notice)).findFirst()
                .orElseThrow(() -> new AssertionError(changes.report()));
        String holder = line.substring(notice.length());
        assertTrue(holder.startsWith("app.util.Env$jlp$") && holder.endsWith("$Methods"), line);
        return holder.replace('.', '/');
    }

    private static List<String> newClasses(Patch patch, String target) {
        return patch.objects().stream().filter(o -> o.targetClass().equals(target))
                .flatMap(o -> o.newClasses().stream()).map(PatchObject.NewClass::internalName)
                .toList();
    }
}
