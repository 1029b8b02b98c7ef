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

    private static final String LOGBACK_PROBE = """
            import ch.qos.logback.core.net.HardenedObjectInputStream;
            import java.io.BufferedReader;
            import java.io.ByteArrayInputStream;
            import java.io.ByteArrayOutputStream;
            import java.io.InputStreamReader;
            import java.io.ObjectOutputStream;
            import java.util.ArrayList;
            import java.util.List;
            public class DepthProbe {
                public static void main(String[] args) throws Exception {
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
                    System.out.println("ready");
                    for (String line; (line = in.readLine()) != null; ) {
                        String answer;
                        try {
                            List<Object> nested = new ArrayList<>();
                            for (int depth = 1; depth < Integer.parseInt(line); depth++) {
                                List<Object> outer = new ArrayList<>();
                                outer.add(nested);
                                nested = outer;
                            }
                            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                                out.writeObject(nested);
                            }
                            try (HardenedObjectInputStream read = new HardenedObjectInputStream(
                                    new ByteArrayInputStream(bytes.toByteArray()),
                                    new String[0])) {
                                read.readObject();
                            }
                            answer = "read";
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

        assertBehavesLikeTheFix(dir.resolve("jvm"), probe + File.pathSeparator + old
                + File.pathSeparator + dependencies, probe + File.pathSeparator + fixed
                + File.pathSeparator + dependencies, "JsonProbe", patch,
                List.of("[[1]]", "[1]", "7"));
    }

    /**
     * logback-core 1.2.13 (CVE-2023-6378): {@code HardenedObjectInputStream}'s constructors now
     * set a filter that refuses object graphs deeper than 16, through a new method of
     * {@code EnvUtil}, another package's class; in class files of Java 6.
     */
    @Test
    void logbackCore1212To1213BehavesLikeTheFixOnceLoaded() throws Exception {
        Path dir = Files.createDirectories(Jars.workDir().resolve("fix-logback"));
        Path old = release("logback-core-1.2.12.jar");
        Path fixed = release("logback-core-1.2.13.jar");
        Path probe = compile(dir, LOGBACK_PROBE, "DepthProbe", old.toString());
        Path patch = dir.resolve("logback-fix.jar");
        Jlp.Result built = Jlp.ok("build", "--from", old, "--to", fixed, "-o", patch);
        assertTrue(built.outLines().contains("notice: ch.qos.logback.core.util.EnvUtil"
                + ".isJDK9OrHigher()Z: new method called by other classes' patched code: carried"
                + " as a static method of ch.qos.logback.core.util.EnvUtil$jlp$a1058f0e$Methods"),
                built.describe());
        assertFalse(built.out().contains("refused"), built.describe());
        assertBehavesLikeTheFix(dir.resolve("jvm"), probe + File.pathSeparator + old,
                probe + File.pathSeparator + fixed, "DepthProbe", patch, List.of("20", "3"));
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

    /**
     * Asks a JVM running the fixed release, then one running the old release before and after
     * the patch is loaded into it, the same inputs: the patched JVM must answer as the fixed one.
     */
    private static void assertBehavesLikeTheFix(Path dir, String oldClasspath,
            String fixedClasspath, String main, Path patch, List<String> inputs)
            throws Exception {
        List<String> expected;
        try (LineJvm fix = LineJvm.start(dir, fixedClasspath, main)) {
            expected = inputs.stream().map(fix::ask).toList();
        }
        try (LineJvm running = LineJvm.start(dir, oldClasspath, main)) {
            List<String> before = inputs.stream().map(running::ask).toList();
            assertNotEquals(expected, before, "the fix changes the answer to " + inputs);
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
