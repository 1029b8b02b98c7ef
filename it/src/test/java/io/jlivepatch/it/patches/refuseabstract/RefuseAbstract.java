package io.jlivepatch.it.patches.refuseabstract;

import io.jlivepatch.api.LivePatch;

/** Replaces the abstract method Shape.area. */
@LivePatch(name = "refuse_abstract")
final class RefuseAbstract {
}
