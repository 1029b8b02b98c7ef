package io.jlivepatch.cli;

import io.jlivepatch.client.ConnectionLost;
import io.jlivepatch.client.LivePatchClient;
import io.jlivepatch.client.Refusal;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jlp disable} and {@code jlp enable}: the kernel's writes of 0 and 1 to
 * {@code /sys/kernel/livepatch/NAME/enabled}. Each starts or reverses a transition of one patch,
 * then waits until it completes.
 */
abstract class EnabledCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id")
    private long pid;

    @Parameters(index = "1", paramLabel = "NAME", description = "the patch name")
    private String name;

    @Mixin
    private TransitionOptions options;

    private final boolean enabled;

    /** @param enabled the value written: whether the patch ends up enabled (patched) */
    EnabledCommand(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Integer call() throws Refusal, ConnectionLost, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            LivePatchClient agent = jvm.loadedAgent("no patch '" + name + "' in JVM " + pid);
            TransitionWatch watch = options.watch(pid, agent, out);
            if (enabled) {
                agent.enable(name);
            } else {
                agent.disable(name);
            }
            return options.complete(watch, pid, name, enabled, out);
        }
    }
}
