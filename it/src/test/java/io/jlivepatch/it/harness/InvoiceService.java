package io.jlivepatch.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The examples' demo service ({@code InvoiceApp}, one invoice line every half second on its
 * stdout) in a child JVM without the agent, for tests of the example patches. Its stderr (JVM
 * warnings, the agent's log) goes to a file of the work directory. It exits when closed: its
 * standard input ends.
 */
public final class InvoiceService implements AutoCloseable {

    private static final String MAIN = "io.jlivepatch.examples.demo.InvoiceApp";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private InvoiceService(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(
                    process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("stdout closed: " + e);
            }
        }, "invoice-service-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** @return the service, started from the examples' {@code demo-app} jar */
    public static InvoiceService start() {
        List<String> command = TargetJvm.javaCommand();
        command.addAll(List.of("-cp", Jars.example("demo-app").toString(), MAIN));
        try {
            Path dir = Files.createDirectories(Jars.workDir().resolve("invoice-service"));
            return new InvoiceService(new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(dir.resolve("stderr-" + System.nanoTime()).toFile())
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** @return the process id, for jlp */
    public long pid() {
        return process.pid();
    }

    /**
     * Waits for the next line printed that matches.
     *
     * @param what what the line must be like, for the failure message
     * @param wanted the condition
     * @param seconds how long to wait at most
     * @return the line
     */
    public String next(String what, Predicate<String> wanted, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("no line " + what + " within " + seconds
                            + " s; printed so far:\n" + String.join("\n", seen));
                }
                seen.add(line);
                if (wanted.test(line)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for a line " + what);
        }
    }

    /** @return every line read so far by {@link #next}, oldest first */
    public List<String> seen() {
        return List.copyOf(seen);
    }

    /** Closes its standard input, then kills it if it does not exit. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
