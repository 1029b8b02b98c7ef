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
 * What {@code jlp build} now carries instead of refusing, loaded into a running release: a
 * changed constructor that assigns a final field, and a new method of another class that uses a
 * private method of its class (moved to a holder, which reaches the private method through
 * {@code invokedynamic}).
 */
class BuildCarriesTest {

    private static final String SHOP = """
            package shop;
            import java.io.BufferedReader;
            import java.io.InputStreamReader;
            public class Shop {
                public static void main(String[] args) throws Exception {
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
                    System.out.println("ready");
                    for (String line; (line = in.readLine()) != null; ) {
                        System.out.println("= " + new Price(line).text());
                    }
                }
            }
            """;
    private static final String PRICE = """
            package shop;
            final class Price {
                private final String text;
                Price(String item) { text = item + " costs " + item.length(); }
                String text() { return text; }
            }
            """;
    private static final String RULES = """
            package shop;
            final class Rules {
                private static int cap() { return 25; }
                static int twice(int x) { return 2 * x; }
            }
            """;

    @Test
    void aFinalFieldConstructorAndANewMethodUsingAPrivateOneAreCarried() throws Exception {
        Path dir = Files.createDirectories(Jars.workDir().resolve("build-carries"));
        Path release = SourceJars.jar(dir, "release", Map.of("shop/Shop.java", SHOP,
                "shop/Price.java", PRICE, "shop/Rules.java", RULES));
        Path fixed = SourceJars.jar(dir, "fixed", Map.of("shop/Shop.java", SHOP, "shop/Price.java", PRICE.replace(
                "item.length();", "Rules.capped(item.length() * 10);"), "shop/Rules.java", RULES.replace(
                "static int twice", "static int capped(int p) { return Math.min(p, cap()); }"
                        + " static int twice")));
        Path patch = dir.resolve("patch.jar");
        Jlp.Result built = Jlp.ok("build", "--from", release, "--to", fixed, "-o", patch);
        assertTrue(built.outLines().contains("changed method: shop.Price.<init>"
                + "(Ljava/lang/String;)V"), built.describe());
        assertTrue(built.out().contains("notice: shop.Rules.capped(I)I: new method called by"
                + " other classes' patched code: carried as a static method of shop.Rules$jlp$"),
                built.describe());

        try (LineJvm shop = LineJvm.start(dir.resolve("jvm"), release.toString(),
                "shop.Shop")) {
            assertEquals("tea costs 3", shop.ask("tea"));
            Jlp.ok("load", shop.pid(), patch);
            assertEquals("tea costs 25", shop.ask("tea"));
            assertEquals("ab costs 20", shop.ask("ab"));
        }
    }
}
