package io.jlivepatch.cli;

import io.jlivepatch.core.load.PatchJarReader;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jlp demo}: starts the example billing service (bundled in jlp.jar) in a child JVM and
 * fixes its two bugs while it runs, running the same {@code jlp} commands a person would and
 * checking after each step that the service's output changed as it should.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = {"Run a small billing"
        + " service with two bugs in a child JVM, and fix them while it runs: load two stacked"
        + " patches, show the status, disable them again. Narrated step by step."})
final class DemoCommand implements Callable<Integer> {

    private static final String RESOURCES = "/META-INF/jlivepatch/demo/";

    @Spec
    private CommandSpec spec;

    private PrintWriter out;
    private DemoService service;

    @Override
    public Integer call() throws IOException, InterruptedException, PatchException {
        out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("jlp-demo-");
        try {
            Path app = extract(dir, "demo-app.jar");
            Patch fix1 = PatchJarReader.read(extract(dir, "demo-fix1.jar"));
            Patch fix2 = PatchJarReader.read(extract(dir, "demo-fix2.jar"));
            // The agent's events reach the console through jlp's progress lines; keep the
            // service's own logger to warnings so they are not printed twice.
            Path logging = Files.writeString(dir.resolve("logging.properties"),
                    "handlers=java.util.logging.ConsoleHandler\n.level=WARNING\n");
            say("jlp demo: a billing service with two bugs, fixed while it runs.", "",
                    "The service bills the same basket every half second. Starting it in a child"
                    + " JVM:");
            List<String> command = List.of(java(), "-XX:+IgnoreUnrecognizedVMOptions",
                    "-XX:+EnableDynamicAgentLoading", "-Djava.util.logging.config.file=" + logging,
                    "-jar", app.toString());
            say("$ " + String.join(" ", command));
            try (DemoService started = DemoService.start(command)) {
                service = started;
                narrate(fix1, fix2);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
        return Exit.OK.code;
    }

    private void narrate(Patch fix1, Patch fix2) throws InterruptedException {
        String pid = Long.toString(service.pid());
        say("It runs as pid " + pid + ". What it prints:");
        String original = invoices();
        say("", "The discount is not taken off and the VAT is wrong. The fixes are two patch"
                + " jars.");
        say("", "1. Load " + fix1.name() + " (" + fix1.description() + "):");
        jlp("load", pid, fix1.source());
        String fixed1 = changedInvoices(original, "the first patch");
        say("", "2. Load " + fix2.name() + " (" + fix2.description() + ")."
                + " It stacks on top of " + fix1.name() + ": both stay enabled.");
        jlp("load", pid, fix2.source());
        String fixed2 = changedInvoices(fixed1, "the second patch");
        say("", "3. What the JVM now runs:");
        jlp("status", pid);
        say("", "4. Disable " + fix2.name() + ": its bug is back, " + fix1.name()
                + " stays.");
        jlp("disable", pid, fix2.name());
        sameInvoices(fixed1, "after disabling " + fix2.name(), fixed2);
        say("", "5. Disable " + fix1.name() + ": the original code runs again.");
        jlp("disable", pid, fix1.name());
        sameInvoices(original, "after disabling " + fix1.name(), fixed1);
        say("", "The service ran throughout, in the same JVM (pid " + pid + "): no restart.",
                "Try it on your own JVM: jlp ps, jlp load PID JAR, jlp status PID.");
    }

    /** Runs a jlp command in this JVM, as a person would type it. */
    private void jlp(String... args) {
        say("$ jlp " + String.join(" ", args));
        int exit = Main.run(out, spec.commandLine().getErr(), args);
        if (exit != Exit.OK.code) {
            throw new CommandException(Exit.ERROR, "the demo stopped: 'jlp "
                    + String.join(" ", args) + "' failed with exit code " + exit);
        }
    }

    /**
     * Shows two invoices printed after this call: the first may have been billed before.
     *
     * @return the amounts of the second, without its invoice number
     */
    private String invoices() throws InterruptedException {
        service.skipPrinted();
        service.nextInvoice(this::show);
        show(service.nextInvoice(this::show));
        String line = service.nextInvoice(this::show);
        show(line);
        return amounts(line);
    }

    private String changedInvoices(String before, String what) throws InterruptedException {
        String after = invoices();
        if (after.equals(before)) {
            throw new CommandException(Exit.ERROR, "the demo expected " + what + " to change"
                    + " the service's output, but it still prints: " + after);
        }
        return after;
    }

    private void sameInvoices(String expected, String when, String before)
            throws InterruptedException {
        String after = invoices();
        if (!after.equals(expected)) {
            throw new CommandException(Exit.ERROR, "the demo expected the service to print "
                    + expected + " " + when + " (it printed " + before + " before), but it"
                    + " prints: " + after);
        }
    }

    /** @return an invoice line without its {@code invoice #N: } prefix */
    static String amounts(String invoiceLine) {
        return invoiceLine.replaceFirst("^" + DemoService.INVOICE_PREFIX + "#\\d+: ", "");
    }

    private void show(String serviceLine) {
        say("  | " + serviceLine);
    }

    private void say(String... lines) {
        for (String line : lines) {
            out.println(line);
        }
        out.flush();
    }

    private static Path extract(Path dir, String name) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new CommandException(Exit.ERROR, "this jlp has no demo (" + RESOURCES
                        + name + " is missing): run the jlp.jar that 'mvn package' builds, for"
                        + " example with bin/jlp demo");
            }
            Path file = dir.resolve(name);
            Files.copy(in, file);
            return file;
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
