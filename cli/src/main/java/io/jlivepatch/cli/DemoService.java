package io.jlivepatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The demo's billing service, running in a child JVM, read line by line. It exits when its
 * standard input closes, which {@link #close} does, and which happens anyway if jlp dies.
 */
final class DemoService implements AutoCloseable {

    /** What the service prints per invoice. */
    static final String INVOICE_PREFIX = "invoice ";

    /** Marks the end of the output in the queue; no line can be a line break. */
    private static final String END = "\n";
    private static final long LINE_TIMEOUT_SECONDS = 15;
    private static final long EXIT_TIMEOUT_SECONDS = 5;

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private DemoService(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "jlp-demo-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param command the command line of the service's JVM
     * @return the running service; its stderr goes to jlp's
     * @throws IOException if it cannot be started
     */
    static DemoService start(List<String> command) throws IOException {
        return new DemoService(new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The pipe broke: the output has ended, as the END below says.
        } finally {
            lines.add(END);
        }
    }

    /** @return the service's process id */
    long pid() {
        return process.pid();
    }

    /** Forgets the lines printed so far: what comes next was printed after this call. */
    void skipPrinted() {
        lines.clear();
    }

    /**
     * Waits for the next invoice line.
     *
     * @param otherLines receives the lines before it that are not invoices (JVM warnings)
     * @return the invoice line
     * @throws CommandException if the service stops printing
     * @throws InterruptedException if interrupted while waiting
     */
    String nextInvoice(Consumer<String> otherLines) throws InterruptedException {
        while (true) {
            String line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (line == null || line.equals(END)) {
                throw new CommandException(Exit.ERROR, "the demo service (pid " + pid() + ") "
                        + (line == null ? "stopped printing invoices" : "exited with code "
                        + exitCode()));
            }
            if (line.startsWith(INVOICE_PREFIX)) {
                return line;
            }
            otherLines.accept(line);
        }
    }

    private String exitCode() throws InterruptedException {
        return process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                ? Integer.toString(process.exitValue()) : "unknown";
    }

    /** Closes the service's standard input, and kills it if it does not exit then. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // The pipe is broken: the service has exited already.
        }
        try {
            if (!process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
