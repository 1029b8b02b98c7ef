package io.jlivepatch.it.patches.refusewrongdescriptor;

import io.jlivepatch.api.LivePatch;

/** Replaces Cmdline.show with a descriptor it does not have. */
@LivePatch(name = "refuse_wrong_descriptor")
final class RefuseWrongDescriptor {
}
