package io.jlivepatch.cli;

import io.jlivepatch.client.ConnectionLost;
import io.jlivepatch.client.LivePatchClient;
import io.jlivepatch.client.Refusal;
import io.jlivepatch.client.Status;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jlp force PID}: the kernel's {@code echo 1 > /sys/kernel/livepatch/NAME/force}. */
@Command(name = "force", mixinStandardHelpOptions = true, description = {"Complete the"
        + " transition in progress at once: switch every thread still pending without checking"
        + " its stack.",
    "Those threads may then run a mix of old and new functions. The patch of a forced unpatching"
        + " transition can never be loaded again in this JVM. Valid only while a transition"
        + " runs."})
final class ForceCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id")
    private long pid;

    @Mixin
    private TransitionOptions options;

    @Override
    public Integer call() throws Refusal, ConnectionLost, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            LivePatchClient agent = jvm.loadedAgent("no transition is in progress in JVM " + pid);
            TransitionWatch watch = options.watch(pid, agent, out);
            Status.Transition forced = agent.status().transition().orElse(null);
            // Outside a transition the engine refuses, with its own reason.
            agent.force();
            if (forced == null) {
                throw new CommandException(Exit.ERROR, "a transition started in JVM " + pid
                        + " while jlp read its status, and was forced; 'jlp log " + pid + "'"
                        + " shows which");
            }
            return options.complete(watch, pid, forced.patch(),
                    forced.target().equals("PATCHED"), out);
        }
    }
}
