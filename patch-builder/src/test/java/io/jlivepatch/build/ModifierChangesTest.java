package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modifier changes that the running class's old modifiers still serve are carried (narrowed
 * access, {@code synchronized} removed, access widened only for classes the old access admits);
 * those it does not are refused, each with its reason.
 */
class ModifierChangesTest {

    private static final String BOX = """
            package app;
            public class Box {
                protected int size;
                public synchronized int grow() { return ++size; }
                static int twice(int x) { return 2 * x; }
                int peek() { return size; }
                public int sum() { return twice(size); }
            }
            """;
    private static final String USER = """
            package app;
            public class User {
                public int look(Box box) { return box.sum(); }
            }
            """;

    @TempDir
    Path dir;

    private List<String> report(Map<String, String> old, Map<String, String> fixed)
            throws Exception {
        Path from = SourceBuilds.jar(dir, "old", old);
        Path to = SourceBuilds.jar(dir, "new", fixed);
        return PatchBuild.report(new PatchBuild.Options(from, to, "fix", true,
                ClassFilter.all(), List.of())).report();
    }

    @Test
    void narrowedAccessRemovedSynchronizedAndWideningForThePackageAreCarried() throws Exception {
        String fixed = BOX.replace("protected int size;", "private int size;")
                .replace("public synchronized int grow() { return ++size; }",
                        "public int grow() { size += 2; return size; }")
                .replace("static int twice", "private static int twice")
                .replace("int peek()", "public int peek()");
        String user = USER.replace("box.sum()", "box.peek()");
        List<String> report = report(Map.of("app/Box.java", BOX, "app/User.java", USER),
                Map.of("app/Box.java", fixed, "app/User.java", user));
        assertEquals(List.of(
                "notice: app.Box.size: access narrowed: the running member keeps its wider"
                        + " access, which the new code does not need",
                "notice: app.Box.grow()I: synchronized removed: the running method still takes"
                        + " the lock, and the new body runs holding it",
                "changed method: app.Box.grow()I",
                "notice: app.Box.peek()I: access widened: every class that uses it is admitted"
                        + " by the running member's access",
                "notice: app.Box.twice(I)I: access narrowed: the running member keeps its wider"
                        + " access, which the new code does not need",
                "changed method: app.User.look(Lapp/Box;)I",
                "unchanged: 0 classes"), report);
    }

    @Test
    void aPrivateMethodThatBecameStaticIsCarriedAsANewHelper() throws Exception {
        String old = BOX.replace("public int sum() { return twice(size); }",
                "public int sum() { return half(); } private int half() { return size / 2; }");
        String fixedSameShape = old.replace("private int half() { return size / 2; }",
                "private static int half() { return 7; }");
        List<String> report = report(Map.of("app/Box.java", old), Map.of("app/Box.java",
                fixedSameShape));
        assertEquals(List.of(
                "changed method: app.Box.sum()I",
                "new method: app.Box.half()I: private method whose static modifier changed:"
                        + " carried as a new helper of the patch, which only its class's patched"
                        + " code calls; the running method stays, unused",
                "unchanged: 0 classes"), report.stream().sorted().toList(), report.toString());
    }

    @Test
    void addedSynchronizedAndWideningForAnotherPackageAreRefused() throws Exception {
        String fixed = BOX.replace("public int sum()", "public synchronized int sum()")
                .replace("int peek()", "public int peek()");
        String other = """
                package other;
                public class Reader {
                    public int read(app.Box box) { return box.peek(); }
                }
                """;
        String otherOld = other.replace("box.peek()", "0");
        List<String> report = report(Map.of("app/Box.java", BOX, "other/Reader.java",
                otherOld), Map.of("app/Box.java", fixed, "other/Reader.java", other));
        assertTrue(report.contains("refused: app.Box.sum()I: synchronized added: the running"
                + " method keeps its modifiers, so it would stay without it; ship this change"
                + " in a release"), report.toString());
        assertTrue(report.contains("refused: app.Box.peek()I: access widened (0x0 to 0x1) for"
                + " other.Reader, which the running member's access does not admit; keep the"
                + " old access and reach it another way"), report.toString());
    }
}
