package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.it.harness.HttpApp;
import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Jlp;
import io.jlivepatch.it.harness.WebApps;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code webapp} fixture WAR deployed twice ({@code /a}, {@code /b}) in a real embedded
 * servlet container, Tomcat 11 and Jetty 12, each deployment in a web-application loader of its
 * own. The kernel's module going (K8) for a web application undeployed while a patch is enabled:
 * as the container stops it, its object's pre-unpatch callback runs, then the kernel's
 * "reverting" event, then post-unpatch, and it leaves {@code jlp status}; nothing of the patch
 * keeps its loader alive; deployed again, it is patched as it loads. And a {@code loader}
 * pattern that names one deployment patches only that one.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // builds the WAR with Maven on first use
class WebAppGoingTest {

    private static final String REVERTING =
            "reverting patch 'webapp_fix' on unloading class 'shop.HelloServlet'";

    /** The servlet containers, each started the way its embedded users start it. */
    enum Container {
        TOMCAT, JETTY;

        HttpApp start(Path war) {
            return this == TOMCAT ? HttpApp.startTomcat(war, "/a/hello", "/a", "/b")
                    : HttpApp.startJetty(war, "/a/hello", "/a", "/b");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Container.class)
    void undeployedApplicationGoesWithItsUnpatchCallbacksAndRedeploysPatched(Container container) {
        try (HttpApp server = container.start(WebApps.releaseWar())) {
            Jlp.ok("load", server.pid(), Jars.patch("webapp"));
            assertEquals("hello, fixed from /a", server.get("/a/hello"));
            assertEquals("hello, fixed from /b", server.get("/b/hello"));
            assertEquals(List.of("webapp:/a", "webapp:/b"), WebApps.loaders(server));

            String b = loaderOf(log(server), "/b");
            assertEquals("undeployed /b", server.command("undeploy /b"));
            List<String> log = awaitEvent(server, "webapp_fix: post-unpatch " + b);
            int pre = indexOf(log, "webapp_fix: pre-unpatch " + b);
            int reverting = indexOf(log, REVERTING);
            int post = indexOf(log, "webapp_fix: post-unpatch " + b);
            assertTrue(pre >= 0 && pre < reverting && reverting < post, "the going path, in the"
                    + " kernel's order, as the container stopped /b: " + log);
            assertEquals(1, log.stream().filter(l -> l.contains("pre-unpatch")).count(),
                    log.toString());
            assertEquals(List.of("webapp:/a"), WebApps.loaders(server),
                    "the stopped application left the status");
            assertEquals("true", server.command("collected /b"), "the patch keeps no reference"
                    + " to the undeployed application's loader");
            assertEquals("hello, fixed from /a", server.get("/a/hello"));

            assertEquals("deployed /b", server.command("deploy /b"));
            assertEquals("hello, fixed from /b", server.get("/b/hello"),
                    "the new deployment is patched as it loads");
            assertEquals(List.of("webapp:/a", "webapp:/b"), WebApps.loaders(server));
            assertEquals(2, log(server).stream()
                    .filter(l -> l.contains("webapp_fix: post-patch /b ")).count());

            Jlp.ok("disable", server.pid(), "webapp_fix");
            assertEquals("hello from /a", server.get("/a/hello"));
            assertEquals("hello from /b", server.get("/b/hello"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Container.class)
    void loaderPatternPatchesOnlyTheDeploymentItNames(Container container) {
        try (HttpApp server = container.start(WebApps.releaseWar())) {
            Jlp.ok("load", server.pid(), Jars.patch("webappa"));
            assertEquals("hello, fixed in /a from /a", server.get("/a/hello"));
            assertEquals("hello from /b", server.get("/b/hello"));
            assertEquals(List.of("webapp:/a"), WebApps.loaders(server));
        }
    }

    private static List<String> log(HttpApp server) {
        return Jlp.ok("log", server.pid()).outLines();
    }

    /** @return the loader identity the post-patch callback logged for a context path */
    private static String loaderOf(List<String> log, String contextPath) {
        String prefix = "webapp_fix: post-patch " + contextPath + " ";
        for (String line : log) {
            int at = line.indexOf(prefix);
            if (at >= 0) {
                return line.substring(at + prefix.length());
            }
        }
        throw new AssertionError("no post-patch for " + contextPath + ": " + log);
    }

    /**
     * Jetty's stop ends after the undeploy command returned: the going path runs then, on a
     * thread of jlivepatch's. @return the log once it has the event
     */
    private static List<String> awaitEvent(HttpApp server, String event) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> log = log(server);
        while (indexOf(log, event) < 0 && System.nanoTime() < deadline) {
            sleep();
            log = log(server);
        }
        return log;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(List<String> log, String event) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).endsWith(event)) {
                return i;
            }
        }
        return -1;
    }
}
