package io.jlivepatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.client.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jlp build} and {@code jlp verify} on builds compiled by the test: output and exits. */
class BuildCommandTest {

    private static final String CALC = """
            package app;
            public class Calc {
                public int add(int a, int b) { return a + b; }
            }
            """;

    @TempDir
    static Path tmp;

    private static Path release;
    private static Path fixed;
    private static Path noisy;
    private static Path refused;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void compileBuilds() throws IOException {
        release = build("release", CALC);
        fixed = build("fixed", CALC.replace("a + b", "a + b + 1"));
        noisy = build("noisy", "\n" + CALC);
        refused = build("refused", CALC.replace("class Calc",
                "class Calc implements java.io.Serializable"));
    }

    private static Path build(String name, String source) throws IOException {
        Path src = Files.createDirectories(tmp.resolve(name + "/src/app")).resolve("Calc.java");
        Files.writeString(src, source);
        Path classes = Files.createDirectories(tmp.resolve(name + "/classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
                classes.toString(), src.toString()));
        Path jar = tmp.resolve(name + ".jar");
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

    private int jlp(Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        return Main.run(new PrintWriter(out), new PrintWriter(err), strings);
    }

    @Test
    void buildPrintsTheChangesAndWritesACumulativePatchThatVerifies() {
        Path patch = tmp.resolve("fix.jar");
        assertEquals(0, jlp("build", "--from", release, "--to", fixed, "-o", patch), err.toString());
        assertEquals(List.of("changed method: app.Calc.add(II)I", "unchanged: 0 classes",
                "wrote " + patch + ": patch 'release-to-fixed', replaces every enabled patch"),
                out.toString().lines().toList());
        assertEquals(0, jlp("verify", patch, "--against", release), err.toString());
        assertTrue(out.toString().contains("ok   app.Calc (hash "), out.toString());
    }

    @Test
    void infoListsTheHelpersAndTheHoldersABuiltPatchCarries() throws IOException {
        Path helped = build("helped", CALC.replace("return a + b;", "return clamp(a + b) + TAGS"
                + ".size(); } static final java.util.List<String> TAGS = java.util.List.of(\"x\");"
                + " private static int clamp(int v) { return Math.min(v, 100);"));
        Path patch = tmp.resolve("helped-fix.jar");
        assertEquals(0, jlp("build", "--from", release, "--to", helped, "-o", patch),
                err.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, jlp("info", patch));
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.contains("    helper clamp(I)I"), out.toString());
        assertEquals(1, lines.stream().filter(line -> line.startsWith("    new class"
                + " app.Calc$jlp$") && line.endsWith("$Statics")).count(), out.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void reportAndJsonWriteNoPatch() {
        assertEquals(0, jlp("build", "--from", release, "--to", fixed, "--report", "--json"));
        Map<String, Object> json = (Map<String, Object>) Json.read(out.toString().trim());
        assertEquals(null, json.get("output"));
        assertEquals(List.of("changed method: app.Calc.add(II)I", "unchanged: 0 classes"),
                json.get("report"));
        Map<String, Object> libraries = (Map<String, Object>) json.get("libraries");
        assertEquals(List.of("inBoth", "changed", "new", "removed"),
                List.copyOf(libraries.keySet()), libraries.toString());
        assertEquals(List.of(), libraries.get("new"));
    }

    @Test
    void noChangesExitsSixAndRefusedChangesExitTwoWithTheReasonOnce() {
        assertEquals(6, jlp("build", "--from", release, "--to", noisy, "-o",
                tmp.resolve("none.jar")));
        assertTrue(err.toString().startsWith("jlp: no changes: "), err.toString());
        assertEquals(6, jlp("build", "--from", release, "--to", noisy, "--report"));
        assertEquals(2, jlp("build", "--from", release, "--to", refused, "-o",
                tmp.resolve("refused.jar")));
        assertTrue(err.toString().contains("refused: app.Calc: changed hierarchy"),
                err.toString());
        out.getBuffer().setLength(0);
        assertEquals(2, jlp("build", "--from", release, "--to", refused, "--report"));
        assertEquals(1, out.toString().lines()
                .filter(line -> line.startsWith("refused: app.Calc: changed hierarchy")).count(),
                out.toString());
        assertEquals(1, jlp("build", "--from", tmp.resolve("missing.jar"), "--to", fixed,
                "-o", tmp.resolve("x.jar")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void verifyAgainstAnotherBuildFailsOnThePinnedHashOrSaysItHasTheFixAlready() {
        Path patch = tmp.resolve("fix-for-verify.jar");
        assertEquals(0, jlp("build", "--from", release, "--to", fixed, "-o", patch));
        out.getBuffer().setLength(0);
        assertEquals(2, jlp("verify", patch, "--against", refused, "--json"));
        Map<String, Object> json = (Map<String, Object>) Json.read(out.toString().trim());
        assertEquals(false, json.get("ok"));
        Map<String, Object> object = ((List<Map<String, Object>>) json.get("objects")).get(0);
        assertTrue(((String) object.get("problem")).contains("but the patch was built against"
                + " hash"), object.toString());
        out.getBuffer().setLength(0);
        assertEquals(2, jlp("verify", patch, "--against", fixed, "--json"));
        json = (Map<String, Object>) Json.read(out.toString().trim());
        object = ((List<Map<String, Object>>) json.get("objects")).get(0);
        assertTrue(((String) object.get("problem")).contains("already has the code the patch"
                + " carries: this is the build the patch was made from (or a later one), and a"
                + " JVM running it needs no patch"), object.toString());
    }
}
