package io.jlivepatch.it.patches.hangprepatch;

import io.jlivepatch.api.LivePatch;

/** A patch of Cmdline.show whose pre-patch callback never returns. */
@LivePatch(name = "hang_pre_patch", description = "pre-patch never returns")
final class KlpPreHang {
}
