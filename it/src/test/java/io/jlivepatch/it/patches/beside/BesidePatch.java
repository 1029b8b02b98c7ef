package io.jlivepatch.it.patches.beside;

import io.jlivepatch.api.LivePatch;

@LivePatch(name = "beside", description = "replaces Svc.work beside other agents")
final class BesidePatch {
}
