package io.jlivepatch.it.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A web application in a child JVM on a loopback port (a Spring Boot fat jar run with
 * {@code java -jar}, or a WAR in embedded Tomcat or Jetty), asked over HTTP; the servlet
 * containers also take commands on their standard input ({@link #command}).
 */
public final class HttpApp implements AutoCloseable {

    private static final long START_SECONDS = 120;
    private static final long COMMAND_SECONDS = 60;
    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).build();

    private HttpApp(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code java -jar JAR} with Spring Boot's port and address arguments, and waits until
     * it answers on {@code probePath}.
     *
     * @param jar the fat jar
     * @param probePath a path that answers once the application is up
     * @return the running application
     */
    public static HttpApp startBootJar(Path jar, String probePath) {
        int port = freePort();
        List<String> command = new ArrayList<>(TargetJvm.javaCommand());
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port,
                "--server.address=127.0.0.1"));
        return start(command, port, probePath);
    }

    /**
     * Starts embedded Tomcat ({@code io.jlivepatch.it.web.TomcatHost}) with a WAR deployed at
     * each context path, and waits until the first answers on {@code probePath}.
     *
     * @param war the WAR
     * @param probePath a path under the first context that answers once it is up
     * @param contextPaths where to deploy it, for example {@code /a}
     * @return the running server
     */
    public static HttpApp startTomcat(Path war, String probePath, String... contextPaths) {
        return startContainer("TomcatHost", List.of("tomcat"), war, probePath, contextPaths);
    }

    /**
     * Starts embedded Jetty ({@code io.jlivepatch.it.web.JettyHost}) as
     * {@link #startTomcat startTomcat} starts Tomcat.
     *
     * @param war the WAR
     * @param probePath a path under the first context that answers once it is up
     * @param contextPaths where to deploy it, for example {@code /a}
     * @return the running server
     */
    public static HttpApp startJetty(Path war, String probePath, String... contextPaths) {
        return startContainer("JettyHost", List.of("jetty", "jakarta.servlet", "slf4j"), war,
                probePath, contextPaths);
    }

    /** Starts a host of {@code io.jlivepatch.it.web} with the container's jars of the tests. */
    private static HttpApp startContainer(String host, List<String> jars, Path war,
            String probePath, String... contextPaths) {
        int port = freePort();
        StringBuilder classPath = new StringBuilder(Jars.testClasses().toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (jars.stream().anyMatch(entry::contains)) {
                classPath.append(File.pathSeparator).append(entry);
            }
        }
        List<String> command = new ArrayList<>(TargetJvm.javaCommand());
        command.addAll(List.of("-cp", classPath.toString(), "io.jlivepatch.it.web." + host,
                String.valueOf(port), war.toString(),
                Jars.workDir().resolve(host + "-" + port).toString()));
        command.addAll(List.of(contextPaths));
        return start(command, port, probePath);
    }

    private static HttpApp start(List<String> command, int port, String probePath) {
        Path log = Jars.workDir().resolve("http-app-" + port + ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).directory(log.getParent().toFile()).start();
            HttpApp app = new HttpApp(process, log, port);
            app.awaitAnswer(probePath);
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private void awaitAnswer(String path) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the application exited: " + output());
            }
            try {
                get(path);
                return;
            } catch (UncheckedIOException notYet) {
                sleepBriefly();
            }
        }
        close();
        throw new IllegalStateException("no answer on " + path + " within " + START_SECONDS
                + " s: " + output());
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends a command to the servlet container's host and waits for its answer.
     *
     * @param line for example {@code undeploy /b}
     * @return the answer, without its {@code @@}
     */
    public String command(String line) {
        long answered = answers().size();
        try {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send '" + line + "': " + output(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COMMAND_SECONDS);
        while (System.nanoTime() < deadline && process.isAlive()) {
            List<String> answers = answers();
            if (answers.size() > answered) {
                return answers.get(answers.size() - 1).substring(2);
            }
            sleepBriefly();
        }
        throw new IllegalStateException("no answer to '" + line + "': " + output());
    }

    private List<String> answers() {
        return output().lines().filter(l -> l.startsWith("@@")).toList();
    }

    /** @return the child JVM's process id, for jlp */
    public long pid() {
        return process.pid();
    }

    /**
     * @param path for example {@code /greeting}
     * @return the body of the answer to a GET
     */
    public String get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + path)).timeout(Duration.ofSeconds(20)).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(
                    StandardCharsets.UTF_8)).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param value a query parameter's value
     * @return it URL-encoded
     */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** @return what the application printed so far */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
