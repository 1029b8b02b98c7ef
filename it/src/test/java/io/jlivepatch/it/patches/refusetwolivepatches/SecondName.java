package io.jlivepatch.it.patches.refusetwolivepatches;

import io.jlivepatch.api.LivePatch;

/** The other of two @LivePatch classes in one jar. */
@LivePatch(name = "refuse_two_second")
final class SecondName {
}
