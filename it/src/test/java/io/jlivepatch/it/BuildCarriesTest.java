package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.TargetJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
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
        Path release = compile(dir, "release", Map.of("Shop", SHOP, "Price", PRICE,
                "Rules", RULES));
        Path fixed = compile(dir, "fixed", Map.of("Shop", SHOP, "Price", PRICE.replace(
                "item.length();", "Rules.capped(item.length() * 10);"), "Rules", RULES.replace(
                "static int twice", "static int capped(int p) { return Math.min(p, cap()); }"
                        + " static int twice")));
        Path patch = dir.resolve("patch.jar");
        Jlp.Result built = Jlp.ok("build", "--from", release, "--to", fixed, "-o", patch);
        assertTrue(built.outLines().contains("changed method: shop.Price.<init>"
                + "(Ljava/lang/String;)V"), built.describe());
        assertTrue(built.out().contains("notice: shop.Rules.capped(I)I: new method called by"
                + " other classes' patched code: carried as a static method of shop.Rules$jlp$"),
                built.describe());

        List<String> command = TargetJvm.javaCommand();
        command.addAll(List.of("-cp", release.toString(), "shop.Shop"));
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        try (Writer in = new OutputStreamWriter(process.getOutputStream(),
                StandardCharsets.UTF_8);
                BufferedReader out = new BufferedReader(new InputStreamReader(
                        process.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("ready", out.readLine());
            assertEquals("= tea costs 3", ask(in, out, "tea"));
            Jlp.ok("load", process.pid(), patch);
            assertEquals("= tea costs 25", ask(in, out, "tea"));
            assertEquals("= ab costs 20", ask(in, out, "ab"));
        } finally {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String ask(Writer in, BufferedReader out, String item) throws IOException {
        in.write(item + "\n");
        in.flush();
        return out.readLine();
    }

    private static Path compile(Path dir, String name, Map<String, String> sources)
            throws IOException {
        Path src = Files.createDirectories(dir.resolve(name + "-src/shop"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d",
                dir.resolve(name + "-classes").toString()));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey() + ".java");
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null,
                args.toArray(new String[0])), "javac " + name);
        Path classes = dir.resolve(name + "-classes");
        Path jar = dir.resolve(name + ".jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(file);
                Stream<Path> files = Files.walk(classes)) {
            for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(path).toString()));
                jarOut.write(Files.readAllBytes(path));
                jarOut.closeEntry();
            }
        }
        return jar;
    }
}
