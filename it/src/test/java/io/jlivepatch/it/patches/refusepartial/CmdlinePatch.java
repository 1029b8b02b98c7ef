package io.jlivepatch.it.patches.refusepartial;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

@Patch("io.jlivepatch.it.app.Cmdline")
class CmdlinePatch {

    @Replace
    public String show() {
        return "refuse_partial: this must never show";
    }
}
