package io.jlivepatch.it.patches.refusemissingclass;

import io.jlivepatch.api.LivePatch;

/** Targets a class that no loader has defined. */
@LivePatch(name = "refuse_missing_class")
final class RefuseMissingClass {
}
