package io.jlivepatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.api.LivePatch;
import io.jlivepatch.client.Json;
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

    private static Path cumulativeJar;

    @BeforeAll
    static void buildPatchJars() throws IOException, URISyntaxException {
        patchJar = patchJar("fix1", "BillingFix",
                "@LivePatch(name = \"billing-fix-1\", description = \"Round totals half-up\")",
                "final class BillingFix {}",
                "@Patch(value = \"com.acme.Billing\", loader = \"app\")",
                "abstract class BillingPatch {",
                "    @Shadow private int rate;",
                "    @Replace int total(java.util.List<Integer> items) { return rate; }",
                "    @Replace static String currency() { return \"EUR\"; }",
                "}");
        cumulativeJar = patchJar("cumulative", "Cumulative",
                "@LivePatch(name = \"billing-cumulative-2\", replace = true,",
                "        states = {@State(id = 1, version = 2), @State(id = 7)})",
                "final class Cumulative {}",
                "@Patch(\"com.acme.Billing\")",
                "abstract class BillingPatch {",
                "    @Replace static String currency() { return \"EUR\"; }",
                "    @PostPatch static void ready(PatchContext context) { }",
                "}",
                "@Patch",
                "final class JvmPatch {",
                "    @PrePatch static int check(PatchContext context) { return 0; }",
                "    @PostUnpatch static void cleanUp() { }",
                "}");
    }

    /** Compiles one source file of package com.acme.fix and packs its classes as NAME.jar. */
    private static Path patchJar(String name, String mainClass, String... lines)
            throws IOException, URISyntaxException {
        Path src = Files.createDirectories(tmp.resolve(name + "/src/com/acme/fix"));
        Path source = Files.writeString(src.resolve(mainClass + ".java"), "package com.acme.fix;\n"
                + "import io.jlivepatch.api.*;\n" + String.join("\n", lines));
        Path classes = Files.createDirectories(tmp.resolve(name + "/classes"));
        Path api = Path.of(LivePatch.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), "-cp",
                api.toString(), source.toString()));
        Path jarFile = tmp.resolve(name + ".jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(jarFile));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                Files.copy(file, (OutputStream) jar);
                jar.closeEntry();
            }
        }
        return jarFile;
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
                "  signer: unsigned",
                "  replace: no",
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
                "signer", "unsigned",
                "states", List.of(),
                "objects", List.of(Map.of(
                        "name", "com.acme.Billing",
                        "loader", "app",
                        "functions", List.of(
                                Map.of("name", "total", "descriptor", "(Ljava/util/List;)I",
                                        "static", false),
                                Map.of("name", "currency", "descriptor",
                                        "()Ljava/lang/String;", "static", true)),
                        "callbacks", List.of(),
                        "helpers", List.of(),
                        "newClasses", List.of()))),
                Json.read(out.toString()));
    }

    @Test
    void showsTheReplaceFlagStatesAndTheCallbacksOfEachObjectJvmFirst() {
        assertEquals(0, jlp("info", cumulativeJar.toString()));

        assertEquals(List.of(
                "patch billing-cumulative-2",
                "  from " + cumulativeJar,
                "  signer: unsigned",
                "  replace: yes (atomic replace of every enabled patch)",
                "  state 1 version 2",
                "  state 7 version 1",
                "  jvm",
                "    pre-patch callback check(Lio/jlivepatch/api/PatchContext;)I",
                "    post-unpatch callback cleanUp()V",
                "  com.acme.Billing",
                "    static currency()Ljava/lang/String;",
                "    post-patch callback ready(Lio/jlivepatch/api/PatchContext;)V"), out.toString().lines().toList());
        assertEquals("", err.toString());
    }

    @Test
    void jsonHasTheReplaceFlagStatesAndCallbacksPerObject() {
        assertEquals(0, jlp("info", "--json", cumulativeJar.toString()));

        assertEquals(Map.of(
                "name", "billing-cumulative-2",
                "replace", true,
                "description", "",
                "source", cumulativeJar.toString(),
                "signer", "unsigned",
                "states", List.of(Map.of("id", 1L, "version", 2L),
                        Map.of("id", 7L, "version", 1L)),
                "objects", List.of(Map.of(
                        "name", "jvm",
                        "loader", "",
                        "functions", List.of(),
                        "callbacks", List.of(
                                Map.of("kind", "pre-patch", "name", "check",
                                        "descriptor", "(Lio/jlivepatch/api/PatchContext;)I"),
                                Map.of("kind", "post-unpatch", "name", "cleanUp",
                                        "descriptor", "()V")),
                        "helpers", List.of(),
                        "newClasses", List.of()),
                        Map.of(
                        "name", "com.acme.Billing",
                        "loader", "",
                        "functions", List.of(Map.of("name", "currency", "descriptor",
                                "()Ljava/lang/String;", "static", true)),
                        "callbacks", List.of(Map.of("kind", "post-patch", "name", "ready",
                                "descriptor", "(Lio/jlivepatch/api/PatchContext;)V")),
                        "helpers", List.of(),
                        "newClasses", List.of()))),
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
