package io.jlivepatch.it.patches.refusetwolivepatches;

import io.jlivepatch.api.LivePatch;

/** One of two @LivePatch classes in one jar. */
@LivePatch(name = "refuse_two_first")
final class FirstName {
}
