package io.jlivepatch.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child JVM running {@link io.jlivepatch.it.beside.app.BesideApp} beside other agents: the
 * real OpenTelemetry Java agent, tracing {@code Svc.work} and exporting each span to its log,
 * and the tests' own Byte Buddy agent, with jlivepatch preloaded before or after them, or not
 * at all (attached by the first {@code jlp load}). Counts the spans of {@code Svc.work} the
 * OpenTelemetry agent logs. Always close it.
 */
public final class BesideJvm implements AutoCloseable {

    /** Where jlivepatch's agent is in the JVM's agent order. */
    public enum Order {
        /** Not at start: {@code jlp load} attaches it, after the other agents. */
        ATTACHED,
        /** {@code -javaagent:jlp.jar} before the other agents on the command line. */
        PRELOADED_FIRST,
        /** {@code -javaagent:jlp.jar} after the other agents on the command line. */
        PRELOADED_LAST
    }

    private static final String REPLY = "@@";
    private static final String SPAN = "'Svc.work' :";
    private static final long START_SECONDS = 120;
    private static final long CALL_SECONDS = 30;
    private static final AtomicInteger STARTS = new AtomicInteger();

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final AtomicInteger spans = new AtomicInteger();
    private int calls;
    private final StringBuffer log = new StringBuffer();

    private BesideJvm(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        drain(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)));
        drain(new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8)));
        String ready = reply(START_SECONDS);
        if (!ready.equals("ready")) {
            throw failure("unexpected first reply " + ready);
        }
    }

    /**
     * @param order where jlivepatch's agent goes
     * @param openTelemetry whether the OpenTelemetry agent runs
     * @return the running JVM
     */
    public static BesideJvm start(Order order, boolean openTelemetry) {
        List<String> command = TargetJvm.javaCommand();
        if (order == Order.PRELOADED_FIRST) {
            command.add("-javaagent:" + Jars.jlp());
        }
        if (openTelemetry) {
            command.addAll(List.of("-javaagent:" + Jars.openTelemetryAgent(),
                    "-Dotel.service.name=beside",
                    "-Dotel.traces.exporter=logging",
                    "-Dotel.metrics.exporter=none",
                    "-Dotel.logs.exporter=none",
                    "-Dotel.instrumentation.common.default-enabled=false",
                    "-Dotel.instrumentation.methods.enabled=true",
                    "-Dotel.instrumentation.methods.include=io.jlivepatch.it.beside.app.Svc[work]"));
        }
        command.add("-javaagent:" + Jars.adviceAgent());
        if (order == Order.PRELOADED_LAST) {
            command.add("-javaagent:" + Jars.jlp());
        }
        command.addAll(List.of("-cp", Jars.besideApp() + java.io.File.pathSeparator
                + Jars.byteBuddy(), "io.jlivepatch.it.beside.app.BesideApp"));
        try {
            Path dir = Files.createDirectories(
                    Jars.workDir().resolve("beside-" + STARTS.incrementAndGet()));
            Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
            try {
                return new BesideJvm(process);
            } catch (RuntimeException | Error e) {
                process.destroyForcibly();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** @return the process id, for jlp */
    public long pid() {
        return process.pid();
    }

    /**
     * @param n the argument
     * @return {@code returned R} or {@code threw MESSAGE}
     */
    public String work(int n) {
        calls++;
        return command("work " + n);
    }

    /** @return how many times {@link #work} was called */
    public int calls() {
        return calls;
    }

    /**
     * Calls {@code work(n)} until the tests' agent's advice around it is in place or gone:
     * another agent's retransformation of a patched class takes effect once jlivepatch has
     * woven the class again, on its own thread. Clears the advice's log.
     *
     * @param n the argument
     * @param advised whether to wait for the advice to be in place (else gone)
     * @return what the last call returned
     */
    public String awaitAdvice(int n, boolean advised) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CALL_SECONDS);
        while (true) {
            String result = work(n);
            String log = agent("log");
            boolean inPlace = log.equals("enter " + n + ", exit " + result.substring(
                    result.indexOf(' ') + 1));
            if (inPlace == advised && (advised || log.isEmpty())) {
                return result;
            }
            if (System.nanoTime() > deadline) {
                throw failure("advice " + (advised ? "not in place" : "still in place")
                        + " after " + CALL_SECONDS + " s: " + result + " / " + log);
            }
        }
    }

    /**
     * @param words a command of the tests' Byte Buddy agent: advise, unadvise, log, bytes,
     *     hotswap
     * @return its reply
     */
    public String agent(String words) {
        return command("agent " + words);
    }

    /**
     * Waits until the OpenTelemetry agent has logged {@code count} spans of {@code Svc.work}
     * (it exports each span as the span ends, but on its own logging path).
     *
     * @return the number logged, {@code count} unless the wait ran out
     */
    public int awaitSpans(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CALL_SECONDS);
        while (spans.get() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return spans.get();
    }

    /** @return the number of spans of {@code Svc.work} logged so far */
    public int spans() {
        return spans.get();
    }

    /** @return what the child printed, for assertion messages */
    public String log() {
        return log.toString();
    }

    private String command(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw failure("cannot send " + line + ": " + e);
        }
        return reply(CALL_SECONDS);
    }

    private String reply(long seconds) {
        try {
            String reply = replies.poll(seconds, TimeUnit.SECONDS);
            if (reply == null) {
                throw failure("no reply within " + seconds + " s");
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted");
        }
    }

    private void drain(BufferedReader reader) {
        Thread thread = new Thread(() -> {
            try (reader) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith(REPLY)) {
                        replies.add(line.substring(REPLY.length()));
                    } else {
                        if (line.contains(SPAN)) {
                            spans.incrementAndGet();
                        }
                        log.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                log.append("(output ended: ").append(e).append(")\n");
            }
        }, "beside-jvm-output");
        thread.setDaemon(true);
        thread.start();
    }

    private AssertionError failure(String message) {
        return new AssertionError(message + "\n--- child output ---\n" + log);
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // The child is destroyed below anyway.
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
