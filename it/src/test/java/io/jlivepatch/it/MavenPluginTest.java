package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.BootApps;
import io.jlivepatch.it.harness.Fixtures;
import io.jlivepatch.it.harness.HttpApp;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.PluginRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * jlivepatch-maven-plugin in the Spring Boot application's own build: {@code mvn verify} of the
 * next version makes the live patch from the release resolved from the repository by version,
 * attaches it with the classifier {@code livepatch} and verifies it against the release; a
 * change that cannot be carried fails the build listing the refusals. The patches it made are
 * loaded into the running release.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // several Maven builds of a Spring Boot application
class MavenPluginTest {

    private static final String EMOJI = "\uD83D\uDE00";

    @Test
    void patchesAreBuildProductsOfTheNextVersionAndLoadIntoTheRelease() throws Exception {
        Path release = BootApps.release();
        PluginRepository.deploy(release, "demo", "boot-app", "1.0");

        Path appFix = Fixtures.copy("boot-app", "app-fix-plugin", Map.of(
                "src/main/java/demo/GreetingController.java",
                text -> text.replace("return \"hello\";", "return \"hello, patched\";")));
        Fixtures.run(PluginRepository.maven(appFix, "-Drevision=1.1",
                "-Djlivepatch.previousVersion=1.0", "-Djlivepatch.against=" + release,
                "-DskipTests", "install"), appFix);
        String log = Fixtures.log(appFix);
        assertTrue(log.contains("changed method: demo.GreetingController.greeting()"
                + "Ljava/lang/String;"), log);
        assertTrue(log.contains("ok   demo.GreetingController (hash "), log);
        Path appPatch = PluginRepository.path().resolve(
                "demo/boot-app/1.1/boot-app-1.1-livepatch.jar");
        assertTrue(Files.isRegularFile(appPatch), "attached and installed with the classifier"
                + " livepatch: " + log);

        Path upgrade = Fixtures.copy("boot-app", "snakeyaml-plugin", Map.of());
        String refused = Fixtures.runExpectingFailure(PluginRepository.maven(upgrade,
                "-Drevision=1.2", "-Dsnakeyaml.version=1.32", "-Djlivepatch.previousVersion=1.0",
                "-Djlivepatch.against=" + release, "-DskipTests", "package"), upgrade);
        assertTrue(refused.contains("no patch written: some changes cannot be carried by a live"
                + " patch:"), refused);
        assertTrue(refused.contains("refused: org.yaml.snakeyaml."), refused);

        Fixtures.run(PluginRepository.maven(upgrade, "-Drevision=1.2",
                "-Dsnakeyaml.version=1.32", "-Djlivepatch.previous=" + release,
                "-Djlivepatch.includes=org.yaml.snakeyaml.emitter.**",
                "-Djlivepatch.against=" + release, "-DskipTests", "verify"), upgrade);
        Path yamlPatch = upgrade.resolve("target/boot-app-1.2-livepatch.jar");
        assertTrue(Fixtures.log(upgrade).contains("notice: library org.yaml:snakeyaml: 1.31"
                + " -> 1.32"), Fixtures.log(upgrade));

        try (HttpApp server = HttpApp.startBootJar(release, "/greeting")) {
            Jlp.ok("load", server.pid(), appPatch);
            assertEquals("hello, patched", server.get("/greeting"));
            Jlp.ok("load", server.pid(), yamlPatch);
            assertEquals("\"" + EMOJI + "\"", server.get("/yaml?text=" + HttpApp.encode(EMOJI)));
        }
    }
}
