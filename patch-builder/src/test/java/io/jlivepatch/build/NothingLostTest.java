package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No change is dropped without a word: a new override of a method the class inherits from a
 * dependency is refused, with or without the dependency on {@code --classpath}; a refusal is
 * told once; a new method another class calls moves to a holder, told once.
 */
class NothingLostTest {

    private static final String BASE = """
            package lib;
            public class Base {
                public void close() { }
            }
            """;
    private static final String CONN = """
            package app;
            public class Conn extends lib.Base {
                int open = 1;
                public int open() { return open; }
            }
            """;
    private static final String CONN_FIXED = CONN.replace("public int open()",
            "@Override public void close() { open = 0; } public int open()");

    @TempDir
    Path dir;

    private Path lib() throws Exception {
        return SourceBuilds.jar(dir, "lib", Map.of("lib/Base.java", BASE));
    }

    private PatchBuild.Options options(List<Path> classpath) throws Exception {
        Path lib = lib();
        Path from = SourceBuilds.jar(dir, "old", Map.of("app/Conn.java", CONN), lib);
        Path to = SourceBuilds.jar(dir, "new", Map.of("app/Conn.java", CONN_FIXED), lib);
        return new PatchBuild.Options(from, to, "fix", true, ClassFilter.all(), List.of(),
                classpath);
    }

    @Test
    void newOverrideOfADependencysMethodIsRefusedNamingTheDependency() throws Exception {
        PatchBuild.Options options = options(List.of(lib()));
        BuildException e = assertThrows(BuildException.class,
                () -> PatchBuild.write(options, dir.resolve("p.jar")));
        assertEquals(BuildException.Reason.REFUSED, e.reason());
        assertTrue(e.getMessage().contains("refused: app.Conn.close()V: new method that"
                + " overrides or is overridden by one of lib.Base"), e.getMessage());
    }

    @Test
    void withoutTheDependencyTheNewMethodIsRefusedAskingForTheClassPath() throws Exception {
        Changes changes = PatchBuild.report(options(List.of()));
        assertEquals(List.of("refused: app.Conn.close()V: new method of a class whose supertype"
                + " lib.Base is in neither build: it may override a method of it, which a patch"
                + " cannot carry; give the jars of the application's dependencies with"
                + " --classpath so that the build can tell", "unchanged: 0 classes"),
                changes.report());
    }

    @Test
    void aNewMethodNoChangedCodeCallsIsReportedAsNotCarried() throws Exception {
        String fixed = CONN.replace("public int open()",
                "public static int closed() { return 0; } public int open()");
        Path from = SourceBuilds.jar(dir, "old", Map.of("app/Conn.java", CONN), lib());
        Path to = SourceBuilds.jar(dir, "new", Map.of("app/Conn.java", fixed), lib());
        PatchBuild.Options options = new PatchBuild.Options(from, to, "fix", true,
                ClassFilter.all(), List.of());
        assertEquals(List.of("ignored: app.Conn.closed()I: new method that no changed method of"
                + " app.Conn calls: nothing in the running JVM can call it, so it is not"
                + " carried", "unchanged: 0 classes"), PatchBuild.report(options).report());
    }

    @Test
    void aNewMethodCalledTwiceFromAnotherClassMovesToAHolderToldOnce() throws Exception {
        String user = """
                package app;
                public class User {
                    public int twice(Conn c) { return c.open() + c.open(); }
                }
                """;
        String fixedUser = user.replace("c.open() + c.open()", "c.level() + c.level()");
        String fixedConn = CONN.replace("public int open()",
                "public int level() { return open * 2; } public int open()");
        Path from = SourceBuilds.jar(dir, "old", Map.of("app/Conn.java", CONN,
                "app/User.java", user), lib());
        Path to = SourceBuilds.jar(dir, "new", Map.of("app/Conn.java", fixedConn,
                "app/User.java", fixedUser), lib());
        List<String> report = PatchBuild.write(new PatchBuild.Options(from, to, "fix", true,
                ClassFilter.all(), List.of(), List.of(lib())), dir.resolve("p.jar")).report();
        assertEquals(List.of("changed method: app.User.twice(Lapp/Conn;)I"), report.stream()
                .filter(line -> line.startsWith("changed")).toList());
        List<String> moved = report.stream().filter(line -> line.startsWith("notice: app.Conn"
                + ".level()I: new method called by other classes' patched code: carried as a"
                + " static method of app.Conn$jlp$")).toList();
        assertEquals(1, moved.size(), report.toString());
        assertEquals(3, report.size(), report.toString());
    }
}
