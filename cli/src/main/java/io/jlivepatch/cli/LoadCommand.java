package io.jlivepatch.cli;

import io.jlivepatch.client.ConnectionLost;
import io.jlivepatch.client.LivePatchClient;
import io.jlivepatch.client.Refusal;
import io.jlivepatch.client.Status;
import io.jlivepatch.core.load.PatchJarReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Option(names = "--strict", description = "refuse the patch if a class it targets exists"
            + " nowhere in the JVM (not loaded, and no class loader can find it), most often a"
            + " typo; without it, jlp loads the patch and warns")
    private boolean strict;

    /**
     * @return one warning per target class of the patch that exists nowhere in the JVM, as the
     *     agent found at the load
     */
    private static List<String> warnings(LivePatchClient agent, String name)
            throws ConnectionLost {
        List<String> warnings = new ArrayList<>();
        Status.Patch patch = agent.status().patch(name).orElse(null);
        for (String target : patch == null ? List.<String>of() : patch.targetsFoundNowhere()) {
            warnings.add("patch '" + name + "' targets " + target + ", which no class"
                    + " loader of this JVM can find (a typo?): that part of the patch"
                    + " waits for a class that may never come; 'jlp load --strict'"
                    + " refuses such a patch");
        }
        return warnings;
    }

    @Override
    public Integer call() throws Refusal, ConnectionLost, InterruptedException {
        Path file = jar.toAbsolutePath().normalize();
        String problem = PatchJarReader.fileProblem(file);
        if (problem != null) {
            throw new CommandException(Exit.ERROR, file + " " + problem);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            jvm.ensureAgent();
            LivePatchClient agent = jvm.livePatch();
            TransitionWatch watch = options.watch(pid, agent, out);
            String name = agent.load(file.toString(), strict);
            List<String> warnings = warnings(agent, name);
            return options.complete(watch, pid, name, true, out, warnings);
        }
    }
}
