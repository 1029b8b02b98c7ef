package io.jlivepatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.api.LivePatch;
import io.jlivepatch.core.status.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jlp info} on a patch jar compiled and packed by the test, as a user would. */
class InfoCommandTest {

    @TempDir
    static Path tmp;

    private static Path patchJar;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void buildPatchJar() throws IOException, URISyntaxException {
        Path src = Files.createDirectories(tmp.resolve("src/com/acme/fix"));
        Files.writeString(src.resolve("BillingFix.java"), String.join("\n",
                "package com.acme.fix;",
                "import io.jlivepatch.api.*;",
                "@LivePatch(name = \"billing-fix-1\", description = \"Round totals half-up\")",
                "final class BillingFix {}",
                "@Patch(value = \"com.acme.Billing\", loader = \"app\")",
                "abstract class BillingPatch {",
                "    @Shadow private int rate;",
                "    @Replace int total(java.util.List<Integer> items) { return rate; }",
                "    @Replace static String currency() { return \"EUR\"; }",
                "}"));
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Path api = Path.of(LivePatch.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), "-cp",
                api.toString(), src.resolve("BillingFix.java").toString()));
        patchJar = tmp.resolve("fix1.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(patchJar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                Files.copy(file, (OutputStream) jar);
                jar.closeEntry();
            }
        }
    }

    private int jlp(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void showsThePatchItsTargetsAndFunctions() {
        assertEquals(0, jlp("info", patchJar.toString()));

        assertEquals(List.of(
                "patch billing-fix-1 - Round totals half-up",
                "  from " + patchJar,
                "  com.acme.Billing in class loaders named 'app'",
                "    total(Ljava/util/List;)I",
                "    static currency()Ljava/lang/String;"), out.toString().lines().toList());
        assertEquals("", err.toString());
    }

    @Test
    void jsonIsOneObjectWithTheSameFacts() {
        assertEquals(0, jlp("info", "--json", patchJar.toString()));

        assertEquals(1, out.toString().lines().count());
        assertEquals(Map.of(
                "name", "billing-fix-1",
                "replace", false,
                "description", "Round totals half-up",
                "source", patchJar.toString(),
                "objects", List.of(Map.of(
                        "name", "com.acme.Billing",
                        "loader", "app",
                        "functions", List.of(
                                Map.of("name", "total", "descriptor", "(Ljava/util/List;)I",
                                        "static", false),
                                Map.of("name", "currency", "descriptor",
                                        "()Ljava/lang/String;", "static", true))))),
                Json.read(out.toString()));
    }

    @Test
    void aJarThatIsNoPatchIsRefusedWithExitTwo() throws IOException {
        Path empty = tmp.resolve("empty.jar");
        new JarOutputStream(Files.newOutputStream(empty)).close();

        assertEquals(2, jlp("info", empty.toString()));

        assertEquals("", out.toString());
        String line = err.toString();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("jlp: invalid patch " + empty + ": no class is annotated"
                + " @io.jlivepatch.api.LivePatch"), line);
    }
}
