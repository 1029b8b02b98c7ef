package io.jlivepatch.it.patches.refusewrongdescriptor;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

@Patch("io.jlivepatch.it.app.Cmdline")
class CmdlinePatch {

    @Replace
    public String show(String extra) {
        return "never";
    }
}
