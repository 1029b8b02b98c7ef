package io.jlivepatch.it.patches.ctor;

import io.jlivepatch.api.LivePatch;

/** Replaces the body of a constructor after its super(...) call. */
@LivePatch(name = "ctor_fix")
final class CtorFix {
}
