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
 * Constructors whose {@code super(...)}/{@code this(...)} call changed, built by {@code jlp
 * build} and loaded into a running release: the telescoping pattern of real fix releases (a new
 * constructor with one more parameter, the old ones passing its default through
 * {@code this(...)}). Objects built before the patch keep their fields; objects built after get
 * the new constructors'.
 */
class BuildConstructorsTest {

    private static final String MAIN = """
            package shop;
            import java.io.BufferedReader;
            import java.io.InputStreamReader;
            public class Main {
                public static void main(String[] args) throws Exception {
                    Limits kept = new Limits(20);
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
                    System.out.println("ready");
                    for (String line; (line = in.readLine()) != null; ) {
                        String answer = switch (line) {
                            case "kept" -> kept.text();
                            case "default" -> new Limits().text();
                            default -> new Limits(Integer.parseInt(line)).text();
                        };
                        System.out.println("= " + answer);
                    }
                }
            }
            """;
    private static final String NAMED = """
            package shop;
            class Named {
                private final String name;
                Named(String name) { this.name = name; }
                String name() { return name; }
            }
            """;
    private static final String LIMITS = """
            package shop;
            public class Limits extends Named {
                private final int max;
                private long window;
                public Limits() { this(10); }
                public Limits(int max) { super("limits"); this.max = max; this.window = 1000; }
                public String text() { return name() + " " + max + "/" + window; }
            }
            """;
    private static final String FIXED_LIMITS = """
            package shop;
            public class Limits extends Named {
                private final int max;
                private long window;
                public Limits() { this(10, 500L); }
                public Limits(int max) { this(max, 500L); }
                public Limits(int max, long window) {
                    super(max > 5 ? "capped" : "limits");
                    this.max = Math.min(max, 5);
                    this.window = window;
                }
                public String text() { return name() + " " + max + "/" + window; }
            }
            """;

    @Test
    void changedThisCallsToANewConstructorAreCarriedAndRunInTheRunningClass() throws Exception {
        Path dir = Files.createDirectories(Jars.workDir().resolve("build-constructors"));
        Path release = SourceJars.jar(dir, "release", Map.of("shop/Main.java", MAIN,
                "shop/Named.java", NAMED, "shop/Limits.java", LIMITS));
        Path fixed = SourceJars.jar(dir, "fixed", Map.of("shop/Main.java", MAIN,
                "shop/Named.java", NAMED, "shop/Limits.java", FIXED_LIMITS));
        Path patch = dir.resolve("patch.jar");
        Jlp.Result built = Jlp.ok("build", "--from", release, "--to", fixed, "-o", patch);
        assertTrue(built.outLines().contains("notice: shop.Limits.<init>(IJ)V: new constructor:"
                + " carried inlined into the changed constructors that call it through"
                + " this(...); a loaded class cannot get constructors, so no other code may"
                + " call it"), built.describe());
        assertTrue(built.outLines().contains("changed method: shop.Limits.<init>(I)V"),
                built.describe());
        assertTrue(built.out().contains("warning: shop.Limits.<init>(I)V: changed constructor,"
                + " its super(...) or this(...) call too (replaced whole"), built.describe());

        try (LineJvm shop = LineJvm.start(dir.resolve("jvm"), release.toString(), "shop.Main")) {
            assertEquals("limits 20/1000", shop.ask("20"));
            assertEquals("limits 10/1000", shop.ask("default"));
            Jlp.ok("load", shop.pid(), patch);
            assertEquals("capped 5/500", shop.ask("20"));
            assertEquals("limits 3/500", shop.ask("3"));
            assertEquals("capped 5/500", shop.ask("default"));
            assertEquals("limits 20/1000", shop.ask("kept"), "built before the patch");
        }
    }

    private static final String WINDOW_MAIN = """
            package shop;
            import java.io.BufferedReader;
            import java.io.InputStreamReader;
            public class Main {
                public static void main(String[] args) throws Exception {
                    Window kept = new Window(20);
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
                    System.out.println("ready");
                    for (String line; (line = in.readLine()) != null; ) {
                        String answer = line.equals("kept") ? kept.text()
                                : new Window(Integer.parseInt(line)).text();
                        System.out.println("= " + answer);
                    }
                }
            }
            """;
    private static final String WINDOW = """
            package shop;
            public class Window extends Named {
                private final int max;
                public Window(int max) { super("window"); this.max = max; }
                public String text() { return name() + " " + max; }
            }
            """;
    private static final String FIXED_WINDOW = """
            package shop;
            public class Window extends Named {
                private final int max;
                private int floor = 1;
                public Window(int max) {
                    super(label(max));
                    this.max = Math.min(max, 5);
                    this.floor = max / 2;
                }
                private static String label(int max) { return max > 5 ? "capped" : "window"; }
                public String text() { return name() + " " + max + " floor " + floor; }
            }
            """;

    @Test
    void aConstructorReplacedWholeWritesANewFieldsShadowAndCallsANewMethodInItsHolder()
            throws Exception {
        Path dir = Files.createDirectories(Jars.workDir().resolve("build-whole-new-members"));
        Path release = SourceJars.jar(dir, "release", Map.of("shop/Main.java", WINDOW_MAIN,
                "shop/Named.java", NAMED, "shop/Window.java", WINDOW));
        Path fixed = SourceJars.jar(dir, "fixed", Map.of("shop/Main.java", WINDOW_MAIN,
                "shop/Named.java", NAMED, "shop/Window.java", FIXED_WINDOW));
        Path patch = dir.resolve("patch.jar");
        Jlp.Result built = Jlp.ok("build", "--from", release, "--to", fixed, "-o", patch);
        assertTrue(built.out().contains("warning: shop.Window.<init>(I)V: changed constructor,"
                + " its super(...) or this(...) call too (replaced whole"), built.describe());
        assertTrue(built.out().contains("notice: shop.Window.floor: new instance field, carried"
                + " as the shadow variable"), built.describe());

        try (LineJvm shop = LineJvm.start(dir.resolve("jvm"), release.toString(), "shop.Main")) {
            assertEquals("window 20", shop.ask("20"));
            Jlp.ok("load", shop.pid(), patch);
            assertEquals("capped 5 floor 10", shop.ask("20"));
            assertEquals("window 4 floor 2", shop.ask("4"));
            assertEquals("window 20 floor 1", shop.ask("kept"),
                    "built before the patch: its fields, and the new field's initialiser");
        }
    }
}
