package io.jlivepatch.it.patches.refusepartial;

import io.jlivepatch.api.LivePatch;

/** Two objects: Cmdline.show is fine, Meminfo.noSuchMethod is not; nothing may change. */
@LivePatch(name = "refuse_partial")
final class RefusePartial {
}
