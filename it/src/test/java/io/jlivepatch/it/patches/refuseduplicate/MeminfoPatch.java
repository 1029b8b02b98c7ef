package io.jlivepatch.it.patches.refuseduplicate;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

@Patch("io.jlivepatch.it.app.Meminfo")
final class MeminfoPatch {

    private MeminfoPatch() {
    }

    @Replace
    public static String show() {
        return "refuse_duplicate: this must never show";
    }
}
