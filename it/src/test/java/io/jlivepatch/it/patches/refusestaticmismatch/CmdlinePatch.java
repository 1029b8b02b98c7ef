package io.jlivepatch.it.patches.refusestaticmismatch;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

@Patch("io.jlivepatch.it.app.Cmdline")
final class CmdlinePatch {

    private CmdlinePatch() {
    }

    @Replace
    public static String show() {
        return "never";
    }
}
