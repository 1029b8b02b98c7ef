package io.jlivepatch.it.patches.hangpostpatch;

import io.jlivepatch.api.LivePatch;

/** A patch of Cmdline.show whose post-patch callback never returns. */
@LivePatch(name = "hang_post_patch", description = "post-patch never returns")
final class KlpPostHang {
}
