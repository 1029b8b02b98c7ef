package io.jlivepatch.it.patches.statev1replace;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

@Patch("io.jlivepatch.it.app.Meminfo")
final class MeminfoPatch {

    private MeminfoPatch() {
    }

    @Replace
    public static String show() {
        return "test_klp_state_v1: this has been live patched";
    }
}
