package io.jlivepatch.it.patches.hangprepatch;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.PatchContext;
import io.jlivepatch.api.PrePatch;
import io.jlivepatch.api.Replace;

/** A patch whose pre-patch callback never returns, and ignores being interrupted. */
@Patch("io.jlivepatch.it.app.Cmdline")
final class HangingPrePatch {

    @Replace
    public String show() {
        return "hang_pre_patch: must never run";
    }

    @PrePatch
    static void hang(PatchContext context) {
        context.log("pre-patch hangs");
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                context.log("pre-patch interrupted, hangs on");
            }
        }
    }
}
