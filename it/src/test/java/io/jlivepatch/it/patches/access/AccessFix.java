package io.jlivepatch.it.patches.access;

import io.jlivepatch.api.LivePatch;

/** Reaches the target's private members and its superclass from a replacement. */
@LivePatch(name = "access_fix")
final class AccessFix {
}
