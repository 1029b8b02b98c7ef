package io.jlivepatch.it.patches.stacked;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

@Patch("io.jlivepatch.it.app.Cmdline")
class CmdlinePatch {

    @Replace
    public String show() {
        return "test_klp_stacked: this has been live patched";
    }
}
