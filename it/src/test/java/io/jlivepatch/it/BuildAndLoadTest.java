package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.hash.ClassHash;
import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.LineJvm;
import io.jlivepatch.it.harness.SourceJars;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * {@code jlp build} end to end: three builds of a small shop compiled here (the release, fix A,
 * fix A+B), patches generated from them by the CLI and loaded into the release running in a child
 * JVM, which then answers like the fixed builds; a patch built against another release is
 * refused, naming both hashes.
 */
class BuildAndLoadTest {

    private static final String RELEASE = """
            package shop;
            import java.io.BufferedReader;
            import java.io.InputStreamReader;
            public class Shop {
                private int served;
                public static void main(String[] args) throws Exception {
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
                    Shop shop = new Shop();
                    System.out.println("ready");
                    for (String line; (line = in.readLine()) != null; ) {
                        System.out.println("= " + shop.price(line));
                    }
                }
                String price(String item) {
                    served++;
                    return item + " costs " + item.length() * 10;
                }
            }
            """;
    /** Fix A: a discount through a new helper, a lambda and a new anonymous class. */
    private static final String FIX_A = RELEASE.replace("""
                    return item + " costs " + item.length() * 10;
            """, """
                    java.util.function.IntUnaryOperator discount = p -> p - p / 10;
                    Runnable count = new Runnable() {
                        public void run() { }
                    };
                    count.run();
                    return item + " costs " + discount.applyAsInt(base(item)) + " (" + served + ")";
                }
                private static int base(String item) {
                    return item.length() * 10;
            """);
    /** Fix A+B: also says which shop. */
    private static final String FIX_AB = FIX_A.replace("item + \" costs \"",
            "\"shop: \" + item + \" costs \"");

    @Test
    void generatedPatchesChangeTheRunningReleaseCumulativelyAndCanGoBack() throws Exception {
        Path dir = Files.createDirectories(Jars.workDir().resolve("build-and-load"));
        Path release = compile(dir, "release", RELEASE);
        Path fixA = compile(dir, "fix-a", FIX_A);
        Path fixAb = compile(dir, "fix-ab", FIX_AB);
        Path patch1 = dir.resolve("patch1.jar");
        Path patch2 = dir.resolve("patch2.jar");

        Jlp.Result built = Jlp.ok("build", "--from", release, "--to", fixA, "-o", patch1,
                "--name", "shop-fix-a");
        List<String> lines = built.outLines();
        assertTrue(lines.contains("changed method: shop.Shop.price(Ljava/lang/String;)"
                + "Ljava/lang/String;"), built.describe());
        assertTrue(lines.contains("new method: shop.Shop.base(Ljava/lang/String;)I"),
                built.describe());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("new class: shop.Shop$1: defined"
                + " beside the running classes as shop.Shop$jlp$")), built.describe());
        Jlp.ok("build", "--from", release, "--to", fixAb, "-o", patch2, "--name", "shop-fix-ab");
        Jlp.Result verified = Jlp.ok("verify", patch2, "--against", release);
        assertTrue(verified.out().contains("ok   shop.Shop (hash "), verified.describe());

        try (LineJvm shop = shop(release)) {
            assertEquals("tea costs 30", shop.ask("tea"));
            Jlp.ok("load", shop.pid(), patch1);
            assertEquals("tea costs 27 (2)", shop.ask("tea"), "fix A, the count goes on");
            Jlp.ok("load", shop.pid(), patch2);
            assertEquals("shop: tea costs 27 (3)", shop.ask("tea"), "fix A+B replaced fix A");
            Jlp.ok("load", shop.pid(), patch1);
            assertEquals("tea costs 27 (4)", shop.ask("tea"), "back to fix A: a downgrade");
            Jlp.Result status = Jlp.ok("status", shop.pid(), "--json");
            assertEquals(1, ((List<?>) status.json().get("patches")).size(), status.describe());
        }
    }

    @Test
    void aPatchBuiltAgainstAnotherReleaseIsRefusedNamingBothHashes() throws Exception {
        Path dir = Files.createDirectories(Jars.workDir().resolve("build-wrong-release"));
        Path release = compile(dir, "release", RELEASE);
        Path fixA = compile(dir, "fix-a", FIX_A);
        Path fixAb = compile(dir, "fix-ab", FIX_AB);
        Path wrong = dir.resolve("wrong.jar");
        Jlp.ok("build", "--from", fixA, "--to", fixAb, "-o", wrong, "--name", "built-on-fix-a");
        String running = ClassHash.of(classBytes(release, "shop/Shop"));
        String pinned = ClassHash.of(classBytes(fixA, "shop/Shop"));

        Jlp.Result verify = Jlp.run("verify", wrong, "--against", release);
        assertEquals(2, verify.exit(), verify.describe());

        try (LineJvm shop = shop(release)) {
            Jlp.Result load = Jlp.run("load", shop.pid(), wrong);
            assertEquals(2, load.exit(), load.describe());
            assertTrue(load.err().contains("class shop.Shop (loader app) has semantic hash "
                    + running + ", but the patch was built against hash " + pinned),
                    load.describe());
            assertEquals("tea costs 30", shop.ask("tea"), "the JVM is unchanged");
        }
    }

    /**
     * An anonymous class whose instance exists before the patch, and a new static field: the
     * anonymous class is patched in place (the existing object answers the new way), the field
     * moves to a holder class beside Shop.
     */
    @Test
    void aChangedAnonymousClassAndANewStaticFieldAreCarried() throws Exception {
        String release = RELEASE.replace("    private int served;\n", """
                    private int served;
                    private final java.util.function.Supplier<String> greeting =
                            new java.util.function.Supplier<String>() {
                                public String get() { return "hello"; }
                            };
                """).replace("return item + \" costs \" + item.length() * 10;",
                "return greeting.get() + \" \" + item;");
        String fixed = release.replace("return \"hello\";", "return \"welcome\";")
                .replace("    private int served;\n", """
                    private int served;
                    static final java.util.List<String> TAGS = java.util.List.of("new");
                """).replace("return greeting.get() + \" \" + item;",
                        "return greeting.get() + \" \" + item + TAGS;");
        Path dir = Files.createDirectories(Jars.workDir().resolve("build-anonymous"));
        Path before = compile(dir, "release", release);
        Path after = compile(dir, "fixed", fixed);
        Path patch = dir.resolve("patch.jar");
        Jlp.Result built = Jlp.ok("build", "--from", before, "--to", after, "-o", patch);
        assertTrue(built.outLines().contains("changed method: shop.Shop$1.get()"
                + "Ljava/lang/String;"), built.describe());
        assertTrue(built.out().contains("notice: shop.Shop.TAGS: new static field, carried in"
                + " shop.Shop$jlp$"), built.describe());

        try (LineJvm shop = shop(before)) {
            assertEquals("hello tea", shop.ask("tea"));
            Jlp.ok("load", shop.pid(), patch);
            assertEquals("welcome tea[new]", shop.ask("tea"));
        }
    }

    /** A changed constructor is carried as a constructor replacement, with its warning. */
    @Test
    void aChangedConstructorIsCarriedAndNewObjectsAreBuiltTheNewWay() throws Exception {
        String release = RELEASE.replace("    private int served;\n", """
                    private int served;
                    static class Line extends Object {
                        private String text;
                        Line(String item) { super(); text = item + " costs " + item.length(); }
                        String text() { return text; }
                    }
                """).replace("return item + \" costs \" + item.length() * 10;",
                "return new Line(item).text();");
        String fixed = release.replace("text = item + \" costs \" + item.length();",
                "text = item + \" costs \" + item.length() * 10;");
        Path dir = Files.createDirectories(Jars.workDir().resolve("build-constructor"));
        Path before = compile(dir, "release", release);
        Path after = compile(dir, "fixed", fixed);
        Path patch = dir.resolve("patch.jar");
        Jlp.Result built = Jlp.ok("build", "--from", before, "--to", after, "-o", patch);
        assertTrue(built.outLines().contains("changed method: shop.Shop$Line.<init>"
                + "(Ljava/lang/String;)V"), built.describe());
        assertTrue(built.out().contains("warning: shop.Shop$Line.<init>(Ljava/lang/String;)V:"
                + " changed constructor"), built.describe());

        try (LineJvm shop = shop(before)) {
            assertEquals("tea costs 3", shop.ask("tea"));
            Jlp.ok("load", shop.pid(), patch);
            assertEquals("tea costs 30", shop.ask("tea"));
        }
    }

    /** The shop of that jar in a child JVM. */
    private static LineJvm shop(Path jar) throws IOException {
        return LineJvm.start(jar.getParent().resolve("jvm"), jar.toString(), "shop.Shop");
    }

    private static byte[] classBytes(Path jar, String internalName) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            try (InputStream in = file.getInputStream(file.getEntry(internalName + ".class"))) {
                return in.readAllBytes();
            }
        }
    }

    /** Compiles one version of the shop, for Java 17, into a jar. */
    private static Path compile(Path dir, String name, String source) throws IOException {
        return SourceJars.jar(dir, name, Map.of("shop/Shop.java", source));
    }
}
