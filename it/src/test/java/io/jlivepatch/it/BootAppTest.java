package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.BootApps;
import io.jlivepatch.it.harness.HttpApp;
import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real Spring Boot 3.5 web application, packaged by spring-boot-maven-plugin and run with
 * {@code java -jar} on a loopback port: a fix of its own code ({@code BOOT-INF/classes}) and an
 * upgrade of a library inside it ({@code BOOT-INF/lib/snakeyaml-1.31.jar} to 1.32) are built
 * into patches by {@code jlp build} and loaded; the server answers like the fixed builds. The
 * same application built with Spring Boot 4.0 is patched in its loader too.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // builds three Spring Boot jars with Maven on first use
class BootAppTest {

    private static final String EMOJI = "\uD83D\uDE00";

    @Test
    void applicationFixAndLibraryUpgradeInsideAFatJarArePatchedInTheRunningServer()
            throws Exception {
        Path dir = Files.createDirectories(Jars.workDir().resolve("boot-app"));
        Path release = BootApps.release();
        Path appPatch = dir.resolve("app-fix.jar");
        Path yamlPatch = dir.resolve("snakeyaml-1.32.jar");

        Jlp.Result app = Jlp.ok("build", "--from", release, "--to", BootApps.applicationFix(),
                "-o", appPatch, "--name", "greeting-fix");
        assertTrue(app.outLines().contains("changed method: demo.GreetingController.greeting()"
                + "Ljava/lang/String;"), app.describe());
        assertTrue(app.err().contains("read boot-app-1.0.jar (Spring Boot jar): "),
                app.describe());
        assertTrue(app.outLines().stream().anyMatch(l -> l.matches(
                "libraries: \\d+ in both builds \\(0 changed\\), 0 new, 0 removed")),
                app.describe());

        Jlp.Result whole = Jlp.run("build", "--from", release, "--to",
                BootApps.snakeyamlUpgrade(), "-o", dir.resolve("whole.jar"));
        assertEquals(2, whole.exit(), "the whole upgrade adds fields and constructors: "
                + whole.describe());
        assertTrue(whole.err().contains("refused: org.yaml.snakeyaml."), whole.describe());

        Jlp.Result yaml = Jlp.ok("build", "--from", release, "--to", BootApps.snakeyamlUpgrade(),
                "--include", "org.yaml.snakeyaml.emitter.**", "-o", yamlPatch,
                "--name", "snakeyaml-emitter-1.32");
        List<String> lines = yaml.outLines();
        assertEquals("notice: library org.yaml:snakeyaml: 1.31 -> 1.32 (BOOT-INF/lib/"
                + "snakeyaml-1.31.jar -> BOOT-INF/lib/snakeyaml-1.32.jar): its classes are"
                + " compared with the running ones", lines.get(0), yaml.describe());
        assertTrue(lines.contains("changed method: org.yaml.snakeyaml.emitter.Emitter"
                + ".writeDoubleQuoted(Ljava/lang/String;Z)V"), yaml.describe());
        assertTrue(lines.stream().anyMatch(l -> l.matches(
                "libraries: \\d+ in both builds \\(1 changed\\), 0 new, 0 removed")),
                yaml.describe());

        try (HttpApp server = HttpApp.startBootJar(release, "/greeting")) {
            String yamlPath = "/yaml?text=" + HttpApp.encode(EMOJI);
            assertEquals("hello", server.get("/greeting"));
            assertEquals("\"\\U0001f600\"", server.get(yamlPath), "snakeyaml 1.31 escapes it");

            Jlp.ok("load", server.pid(), appPatch);
            assertEquals("hello, patched", server.get("/greeting"));
            assertEquals("spring-boot", loaderOf(server, "greeting-fix",
                    "demo.GreetingController"));

            Jlp.ok("load", server.pid(), yamlPatch);
            assertEquals("\"" + EMOJI + "\"", server.get(yamlPath), "snakeyaml 1.32 does not");
            assertEquals("hello", server.get("/greeting"), "the cumulative patch replaced the"
                    + " application fix");
            assertEquals("spring-boot", loaderOf(server, "snakeyaml-emitter-1.32",
                    "org.yaml.snakeyaml.emitter.Emitter"));
            Jlp.Result status = Jlp.ok("status", server.pid());
            assertTrue(status.out().contains("spring-boot"), status.describe());
        }
    }

    @Test
    void springBoot4ApplicationIsPatchedInItsLaunchedClassLoader() throws Exception {
        Path patch = Files.createDirectories(Jars.workDir().resolve("boot4")).resolve("fix.jar");
        Path release = BootApps.boot4Release();
        Jlp.Result built = Jlp.ok("build", "--from", release, "--to",
                BootApps.boot4ApplicationFix(), "-o", patch, "--name", "boot4-fix");
        assertTrue(built.outLines().contains("changed method: demo.GreetingController.greeting()"
                + "Ljava/lang/String;"), built.describe());
        try (HttpApp server = HttpApp.startBootJar(release, "/greeting")) {
            assertEquals("hello", server.get("/greeting"));
            Jlp.ok("load", server.pid(), patch);
            assertEquals("hello, patched", server.get("/greeting"));
            assertEquals("spring-boot", loaderOf(server, "boot4-fix", "demo.GreetingController"));
        }
    }

    @SuppressWarnings("unchecked")
    private static String loaderOf(HttpApp server, String patch, String target) {
        Jlp.Result status = Jlp.ok("status", server.pid(), "--json");
        for (Object p : (List<Object>) status.json().get("patches")) {
            Map<String, Object> patchJson = (Map<String, Object>) p;
            if (patchJson.get("name").equals(patch)) {
                for (Object o : (List<Object>) patchJson.get("objects")) {
                    Map<String, Object> object = (Map<String, Object>) o;
                    if (target.equals(object.get("name"))) {
                        return (String) object.get("loader");
                    }
                }
            }
        }
        throw new AssertionError("no object " + target + " in patch " + patch + ": "
                + status.describe());
    }
}
