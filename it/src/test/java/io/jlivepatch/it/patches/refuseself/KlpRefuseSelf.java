package io.jlivepatch.it.patches.refuseself;

import io.jlivepatch.api.LivePatch;

/** A patch of jlivepatch's own engine, which must be refused. */
@LivePatch(name = "refuse_self")
final class KlpRefuseSelf {
}
