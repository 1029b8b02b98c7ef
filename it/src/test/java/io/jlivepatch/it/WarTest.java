package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.Fixtures;
import io.jlivepatch.it.harness.HttpApp;
import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.WebApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A WAR built with Maven and deployed twice in embedded Tomcat 11 ({@code /a} and {@code /b}):
 * a patch built from the release WAR to the fixed one patches the servlet in each web-application
 * loader, which {@code jlp status} names {@code webapp:/a} and {@code webapp:/b}; undeployed,
 * {@code /b}'s object leaves the status as Tomcat stops it and its loader is collected (the
 * patch keeps nothing of it; {@link WebAppGoingTest} checks the callbacks); deployed again while the patch is enabled, {@code /b} is patched as it loads.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // builds two WARs with Maven on first use
class WarTest {

    private static final String SERVLET = "src/main/java/shop/HelloServlet.java";

    @Test
    void warDeployedTwiceIsPatchedInEachLoaderAndRedeploysPatched() throws Exception {
        Path release = WebApps.releaseWar();
        Path fixed = WebApps.war(Fixtures.build("webapp", "fix", Map.of(SERVLET,
                text -> text.replace("return \"hello\";", "return \"hello, patched\";"))));
        Path patch = Files.createDirectories(Jars.workDir().resolve("war")).resolve("fix.jar");
        Jlp.Result built = Jlp.ok("build", "--from", release, "--to", fixed, "-o", patch,
                "--name", "war-fix");
        assertTrue(built.outLines().contains("changed method: shop.HelloServlet.greeting()"
                + "Ljava/lang/String;"), built.describe());
        assertTrue(built.outLines().contains("libraries: 1 in both builds (0 changed), 0 new,"
                + " 0 removed"), built.describe());

        try (HttpApp tomcat = HttpApp.startTomcat(release, "/a/hello", "/a", "/b")) {
            assertEquals("hello from /a", tomcat.get("/a/hello"));
            assertEquals("hello from /b", tomcat.get("/b/hello"));
            Jlp.ok("load", tomcat.pid(), patch);
            assertEquals("hello, patched from /a", tomcat.get("/a/hello"));
            assertEquals("hello, patched from /b", tomcat.get("/b/hello"));
            assertEquals(List.of("webapp:/a", "webapp:/b"), WebApps.loaders(tomcat));

            assertEquals("undeployed /b", tomcat.command("undeploy /b"));
            assertEquals(List.of("webapp:/a"), WebApps.loaders(tomcat),
                    "the undeployed application's object left at its stop");
            assertEquals("true", tomcat.command("collected /b"), "the patch keeps no reference"
                    + " to the undeployed application's loader");
            assertEquals("hello, patched from /a", tomcat.get("/a/hello"));

            assertEquals("deployed /b", tomcat.command("deploy /b"));
            assertEquals("hello, patched from /b", tomcat.get("/b/hello"),
                    "the new deployment is patched as it loads");
            assertEquals(List.of("webapp:/a", "webapp:/b"), WebApps.loaders(tomcat));
        }
    }
}
