package io.jlivepatch.cli;

import io.jlivepatch.core.mbean.LivePatchMXBean;
import io.jlivepatch.core.load.PatchJarReader;
import io.jlivepatch.core.model.PatchException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jlp load PID JAR}: the kernel's {@code insmod} of a livepatch module. */
@Command(name = "load", mixinStandardHelpOptions = true, description = {"Load a patch jar into"
        + " a running JVM and wait until its patching transition completes.",
    "Loads jlivepatch into the JVM first if it is not there yet. Refused as busy (exit 3) while"
        + " another patch is in transition."})
final class LoadCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id")
    private long pid;

    @Parameters(index = "1", paramLabel = "JAR", description = "the patch jar")
    private Path jar;

    @Mixin
    private TransitionOptions options;

    @Override
    public Integer call() throws PatchException, InterruptedException {
        Path file = jar.toAbsolutePath().normalize();
        String problem = PatchJarReader.fileProblem(file);
        if (problem != null) {
            throw new CommandException(Exit.ERROR, file + " " + problem);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            jvm.ensureAgent();
            LivePatchMXBean agent = jvm.livePatch();
            TransitionWatch watch = options.watch(pid, agent, out);
            String name = agent.load(file.toString());
            return options.complete(watch, pid, name, true, out);
        }
    }
}
