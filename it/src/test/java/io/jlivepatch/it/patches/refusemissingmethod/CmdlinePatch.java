package io.jlivepatch.it.patches.refusemissingmethod;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

@Patch("io.jlivepatch.it.app.Cmdline")
class CmdlinePatch {

    @Replace
    public String noSuchMethod() {
        return "never";
    }
}
