package io.jlivepatch.it.patches.refusestaticmismatch;

import io.jlivepatch.api.LivePatch;

/** Replaces the instance method Cmdline.show with a static one. */
@LivePatch(name = "refuse_static_mismatch")
final class RefuseStaticMismatch {
}
