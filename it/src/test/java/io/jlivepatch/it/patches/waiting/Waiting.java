package io.jlivepatch.it.patches.waiting;

import io.jlivepatch.api.LivePatch;

/** Targets a class that no loader has defined. */
@LivePatch(name = "waiting_for_class")
final class Waiting {
}
