package io.jlivepatch.it.patches.refusetwolivepatches;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

@Patch("io.jlivepatch.it.app.Meminfo")
final class MeminfoPatch {

    private MeminfoPatch() {
    }

    @Replace
    public static String show() {
        return "refuse_two_livepatches: this must never show";
    }
}
