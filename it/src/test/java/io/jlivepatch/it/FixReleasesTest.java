package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.LineJvm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * {@code jlp build} on real fix releases from Maven Central, as a user runs it: the patch from
 * the release to the fix is built, loaded into a JVM running the release, and must then answer
 * the fix's input as a JVM running the fixed release does; or the build refuses, naming what it
 * cannot carry, and writes nothing.
 */
class FixReleasesTest {

    private static final String JACKSON_PROBE = """
            import com.fasterxml.jackson.databind.DeserializationFeature;
            import com.fasterxml.jackson.databind.ObjectMapper;
            import java.io.BufferedReader;
            import java.io.InputStreamReader;
            public class JsonProbe {
                public static void main(String[] args) throws Exception {
                    ObjectMapper mapper = new ObjectMapper()
                            .enable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS);
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
                    System.out.println("ready");
                    for (String line; (line = in.readLine()) != null; ) {
                        String answer;
                        try {
                            answer = String.valueOf(mapper.readValue(line, int.class));
                        } catch (Exception e) {
                            answer = e.getClass().getSimpleName();
                        }
                        System.out.println("= " + answer);
                    }
                }
            }
            """;

    private static final String YAML_PROBE = """
            import java.io.BufferedReader;
            import java.io.InputStreamReader;
            import java.io.StringReader;
            import org.yaml.snakeyaml.LoaderOptions;
            import org.yaml.snakeyaml.Yaml;
            public class YamlProbe {
                public static void main(String[] args) throws Exception {
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
                    System.out.println("ready");
                    for (String line; (line = in.readLine()) != null; ) {
                        String answer;
                        try {
                            LoaderOptions options = new LoaderOptions();
                            options.setCodePointLimit(20);
                            answer = new Yaml(options).compose(new StringReader(line))
                                    .getNodeId().toString();
                        } catch (Exception e) {
                            answer = e.getClass().getSimpleName();
                        }
                        System.out.println("= " + answer);
                    }
                }
            }
            """;

    private static Path release(String file) {
        Path path = Path.of(System.getProperty("jlp.it.releases")).resolve(file);
        assertTrue(Files.isRegularFile(path), "missing " + path);
        return path;
    }

    /**
     * jackson-databind 2.12.7.1 (CVE-2022-42003): with UNWRAP_SINGLE_VALUE_ARRAYS, a nested
     * array given for an {@code int} is refused instead of unwrapped; the two builds come from
     * different JDKs (8 and 11), whose javac noise the build ignores.
     */
    @Test
    void jacksonDatabind2127To21271BehavesLikeTheFixOnceLoaded() throws Exception {
        Path dir = Files.createDirectories(Jars.workDir().resolve("fix-jackson"));
        Path old = release("jackson-databind-2.12.7.jar");
        Path fixed = release("jackson-databind-2.12.7.1.jar");
        String dependencies = release("jackson-core-2.12.7.jar") + File.pathSeparator
                + release("jackson-annotations-2.12.7.jar");
        Path probe = compile(dir, JACKSON_PROBE, "JsonProbe", old + File.pathSeparator
                + dependencies);
        Path patch = dir.resolve("jackson-fix.jar");
        Jlp.Result built = Jlp.ok("build", "--from", old, "--to", fixed, "--classpath",
                dependencies, "-o", patch);
        assertTrue(built.outLines().contains("new method: com.fasterxml.jackson.databind.deser"
                + ".std.StdDeserializer.handleNestedArrayForSingle(Lcom/fasterxml/jackson/core/"
                + "JsonParser;Lcom/fasterxml/jackson/databind/DeserializationContext;)"
                + "Ljava/lang/Object;"), built.describe());
        assertFalse(built.out().contains("refused"), built.describe());

        List<String> inputs = List.of("[[1]]", "[1]", "7");
        List<String> expected;
        try (LineJvm fix = LineJvm.start(dir.resolve("jvm"), probe + File.pathSeparator + fixed
                + File.pathSeparator + dependencies, "JsonProbe")) {
            expected = inputs.stream().map(fix::ask).toList();
        }
        try (LineJvm running = LineJvm.start(dir.resolve("jvm"), probe + File.pathSeparator
                + old + File.pathSeparator + dependencies, "JsonProbe")) {
            List<String> before = inputs.stream().map(running::ask).toList();
            assertNotEquals(expected, before, "the fix changes the answer to " + inputs);
            Jlp.ok("load", running.pid(), patch);
            assertEquals(expected, inputs.stream().map(running::ask).toList());
        }
    }

    /**
     * logback-core 1.2.13 (CVE-2023-6378): the fix calls a new method of another class from a
     * class file of Java 6; refused, naming both.
     */
    @Test
    void logbackCore1212To1213IsRefusedNamingTheNewMethod() throws Exception {
        Path patch = Jars.workDir().resolve("fix-logback.jar");
        Jlp.Result built = Jlp.run("build", "--from", release("logback-core-1.2.12.jar"),
                "--to", release("logback-core-1.2.13.jar"), "-o", patch);
        assertEquals(2, built.exit(), built.describe());
        assertTrue(built.err().contains("refused: ch.qos.logback.core.util.EnvUtil"
                + ".isJDK9OrHigher()Z: new method used by ch.qos.logback.core.net"
                + ".HardenedObjectInputStream.initObjectFilter()V"), built.describe());
        assertEquals(1, built.err().lines().filter(line -> line.contains("refused:")).count(),
                built.describe());
        assertFalse(Files.exists(patch));
    }

    /**
     * snakeyaml 1.33: {@code Yaml.compose} now hands the {@code LoaderOptions} to the parser, so
     * the code point limit holds there too; its constructors pass the options on through changed
     * {@code this(...)} calls, which the patch carries whole inside the running {@code Yaml}'s own
     * constructors. A {@code Yaml} built after the patch refuses the long document.
     */
    @Test
    void snakeyaml132To133BehavesLikeTheFixOnceLoaded() throws Exception {
        Path dir = Files.createDirectories(Jars.workDir().resolve("fix-snakeyaml"));
        Path old = release("snakeyaml-1.32.jar");
        Path fixed = release("snakeyaml-1.33.jar");
        Path probe = compile(dir, YAML_PROBE, "YamlProbe", old.toString());
        Path patch = dir.resolve("snakeyaml-fix.jar");
        Jlp.Result built = Jlp.ok("build", "--from", old, "--to", fixed, "-o", patch);
        assertTrue(built.outLines().contains("changed method: org.yaml.snakeyaml.Yaml.<init>"
                + "(Lorg/yaml/snakeyaml/LoaderOptions;)V"), built.describe());
        assertFalse(built.out().contains("refused:") || built.err().contains("refused:"),
                built.describe());

        List<String> inputs = List.of("a: b", "key: " + "x".repeat(60));
        List<String> expected;
        try (LineJvm fix = LineJvm.start(dir.resolve("jvm"), probe + File.pathSeparator + fixed,
                "YamlProbe")) {
            expected = inputs.stream().map(fix::ask).toList();
        }
        assertEquals(List.of("mapping", "YAMLException"), expected);
        try (LineJvm running = LineJvm.start(dir.resolve("jvm"), probe + File.pathSeparator
                + old, "YamlProbe")) {
            assertEquals(List.of("mapping", "mapping"), inputs.stream().map(running::ask)
                    .toList());
            Jlp.ok("load", running.pid(), patch);
            assertEquals(expected, inputs.stream().map(running::ask).toList());
        }
    }

    private static Path compile(Path dir, String source, String name, String classpath)
            throws IOException {
        Path src = Files.createDirectories(dir.resolve("src")).resolve(name + ".java");
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release",
                "17", "-cp", classpath, "-d", classes.toString(), src.toString()));
        return classes;
    }
}
