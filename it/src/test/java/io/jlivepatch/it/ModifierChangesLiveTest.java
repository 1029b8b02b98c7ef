package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.LineJvm;
import io.jlivepatch.it.harness.SourceJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Modifier changes {@code jlp build} carries, loaded into a running release: a private method
 * that became static runs as the patch's new helper, a method that lost {@code synchronized}
 * runs its new body (under the lock the running method still takes), and a narrowed field is
 * still read and written.
 */
class ModifierChangesLiveTest {

    private static final String APP = """
            package shop;
            import java.io.BufferedReader;
            import java.io.InputStreamReader;
            public class App {
                public static void main(String[] args) throws Exception {
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
                    Box box = new Box();
                    System.out.println("ready");
                    for (String line; (line = in.readLine()) != null; ) {
                        System.out.println("= " + (line.equals("grow") ? box.grow() : box.sum()));
                    }
                }
            }
            """;
    private static final String BOX = """
            package shop;
            public class Box {
                protected int size;
                public synchronized int grow() { return ++size; }
                public int sum() { return half(); }
                private int half() { return size / 2; }
            }
            """;
    private static final String BOX_FIXED = """
            package shop;
            public class Box {
                private int size;
                public int grow() { size += 10; return size; }
                public int sum() { return half(size); }
                private static int half(int s) { return s / 2 + 1000; }
            }
            """;

    @Test
    void aPrivateMethodThatBecameStaticAndARemovedSynchronizedAreCarried() throws Exception {
        Path dir = Files.createDirectories(Jars.workDir().resolve("modifier-changes"));
        Path release = SourceJars.jar(dir, "release", Map.of("shop/App.java", APP,
                "shop/Box.java", BOX));
        Path fixed = SourceJars.jar(dir, "fixed", Map.of("shop/App.java", APP,
                "shop/Box.java", BOX_FIXED));
        Path patch = dir.resolve("patch.jar");
        Jlp.Result built = Jlp.ok("build", "--from", release, "--to", fixed, "-o", patch);
        assertTrue(built.out().contains("notice: shop.Box.grow()I: synchronized removed"),
                built.describe());
        assertTrue(built.out().contains("notice: shop.Box.size: access narrowed"),
                built.describe());

        try (LineJvm app = LineJvm.start(dir.resolve("jvm"), release.toString(), "shop.App")) {
            assertEquals("1", app.ask("grow"));
            assertEquals("0", app.ask("sum"));
            Jlp.ok("load", app.pid(), patch);
            assertEquals("11", app.ask("grow"));
            assertEquals("1005", app.ask("sum"));
        }
    }
}
