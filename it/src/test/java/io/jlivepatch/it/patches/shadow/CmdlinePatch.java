package io.jlivepatch.it.patches.shadow;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;
import io.jlivepatch.api.ShadowVariables;

@Patch("io.jlivepatch.it.app.Cmdline")
class CmdlinePatch {

    /** The variable's id: what status counts under. */
    static final long SEEN = 0x6A1F_0006L;

    @Replace
    public String show() {
        // No constructor (JDK 17 replacements cannot make lambdas): the variable holds null.
        ShadowVariables.getOrAlloc(this, SEEN, null);
        return "test_klp_shadow: this has been live patched";
    }
}
