package io.jlivepatch.it.patches.hangpostpatch;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.PatchContext;
import io.jlivepatch.api.PostPatch;
import io.jlivepatch.api.Replace;

/** A patch whose post-patch callback never returns, and ignores being interrupted. */
@Patch("io.jlivepatch.it.app.Cmdline")
final class HangingPostPatch {

    @Replace
    public String show() {
        return "hang_post_patch: patched";
    }

    @PostPatch
    static void hang(PatchContext context) {
        context.log("post-patch hangs");
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                context.log("post-patch interrupted, hangs on");
            }
        }
    }
}
