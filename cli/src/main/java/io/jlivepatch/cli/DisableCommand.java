package io.jlivepatch.cli;

import picocli.CommandLine.Command;

/** {@code jlp disable PID NAME}: the kernel's {@code echo 0 > .../NAME/enabled}. */
@Command(name = "disable", mixinStandardHelpOptions = true, description = {"Disable a patch and"
        + " wait until its unpatching transition completes and it is gone.",
    "Disabling the patch in its patching transition reverses that transition. A disabled patch"
        + " cannot be enabled again: load its jar again. Refused as busy (exit 3) while another"
        + " patch is in transition."})
final class DisableCommand extends EnabledCommand {

    DisableCommand() {
        super(false);
    }
}
