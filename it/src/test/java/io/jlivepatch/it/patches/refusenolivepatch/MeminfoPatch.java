package io.jlivepatch.it.patches.refusenolivepatch;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

/** A patch object without any {@code @LivePatch} class in its jar. */
@Patch("io.jlivepatch.it.app.Meminfo")
final class MeminfoPatch {

    private MeminfoPatch() {
    }

    @Replace
    public static String show() {
        return "refuse_no_livepatch: this must never show";
    }
}
