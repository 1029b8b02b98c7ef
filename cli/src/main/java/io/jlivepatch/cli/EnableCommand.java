package io.jlivepatch.cli;

import picocli.CommandLine.Command;

/**
 * {@code jlp enable PID NAME}: the kernel's {@code echo 1 > .../NAME/enabled}, which only
 * reverses the unpatching transition of the patch in transition. The engine refuses anything
 * else.
 */
@Command(name = "enable", mixinStandardHelpOptions = true, description = {"Reverse the"
        + " unpatching transition of a patch being disabled, and wait until it is enabled"
        + " again.",
    "Valid only for the patch in an unpatching transition: a disabled patch is gone (load its"
        + " jar again), and an enabled one needs nothing."})
final class EnableCommand extends EnabledCommand {

    EnableCommand() {
        super(true);
    }
}
