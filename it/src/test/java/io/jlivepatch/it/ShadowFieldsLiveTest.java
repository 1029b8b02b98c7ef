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
 * New instance fields, built by {@code jlp build} into shadow variables and loaded into a
 * running release: an object built before the patch reads the field's initialiser (a constant)
 * or the type's default (an assignment that depends on the constructor's argument); an object
 * built after the patch gets what the new constructor assigns; each object keeps its own value.
 */
class ShadowFieldsLiveTest {

    private static final String APP = """
            package shop;
            import java.io.BufferedReader;
            import java.io.InputStreamReader;
            import java.util.HashMap;
            import java.util.Map;
            public class App {
                public static void main(String[] args) throws Exception {
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
                    Map<String, Counter> counters = new HashMap<>();
                    System.out.println("ready");
                    for (String line; (line = in.readLine()) != null; ) {
                        String[] words = line.split(" ");
                        Counter counter = counters.computeIfAbsent(words[1], Counter::new);
                        System.out.println("= " + (words[0].equals("hit") ? "" + counter.hit()
                                : counter.tag()));
                    }
                }
            }
            """;
    private static final String COUNTER = """
            package shop;
            final class Counter {
                private final String name;
                private int hits;
                Counter(String name) { this.name = name; }
                int hit() { return ++hits; }
                String tag() { return name; }
            }
            """;
    private static final String COUNTER_FIXED = """
            package shop;
            final class Counter {
                private final String name;
                private int hits;
                private int limit = 3;
                private String tag;
                Counter(String name) { this.name = name; tag = name.toUpperCase(); }
                int hit() { return hits < limit ? ++hits : hits; }
                String tag() { return name + "/" + tag; }
            }
            """;

    @Test
    void objectsBuiltBeforeReadTheInitialiserAndObjectsBuiltAfterTheNewConstructors()
            throws Exception {
        Path dir = Files.createDirectories(Jars.workDir().resolve("shadow-fields"));
        Path release = SourceJars.jar(dir, "release", Map.of("shop/App.java", APP,
                "shop/Counter.java", COUNTER));
        Path fixed = SourceJars.jar(dir, "fixed", Map.of("shop/App.java", APP,
                "shop/Counter.java", COUNTER_FIXED));
        Path patch = dir.resolve("patch.jar");
        Jlp.Result built = Jlp.ok("build", "--from", release, "--to", fixed, "-o", patch);
        assertTrue(built.out().contains("notice: shop.Counter.limit: new instance field, carried"
                + " as the shadow variable 0x"), built.describe());

        try (LineJvm app = LineJvm.start(dir.resolve("jvm"), release.toString(), "shop.App")) {
            assertEquals("1", app.ask("hit old"));
            assertEquals("2", app.ask("hit old"));
            Jlp.ok("load", app.pid(), patch);
            assertEquals("3", app.ask("hit old"), "limit reads its initialiser, 3");
            assertEquals("3", app.ask("hit old"));
            assertEquals("old/null", app.ask("tag old"), "tag reads the type's default");
            assertEquals("new/NEW", app.ask("tag new"), "the new constructor assigned it");
            for (int i = 1; i <= 3; i++) {
                assertEquals(String.valueOf(i), app.ask("hit new"));
            }
            assertEquals("3", app.ask("hit new"));
            assertEquals("other/OTHER", app.ask("tag other"));
            assertEquals("new/NEW", app.ask("tag new"), "each object keeps its own value");
        }
    }
}
