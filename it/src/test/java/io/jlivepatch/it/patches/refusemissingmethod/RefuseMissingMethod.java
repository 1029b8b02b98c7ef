package io.jlivepatch.it.patches.refusemissingmethod;

import io.jlivepatch.api.LivePatch;

/** Replaces a method Cmdline does not have. */
@LivePatch(name = "refuse_missing_method")
final class RefuseMissingMethod {
}
