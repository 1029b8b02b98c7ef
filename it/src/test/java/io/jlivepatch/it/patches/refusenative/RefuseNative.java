package io.jlivepatch.it.patches.refusenative;

import io.jlivepatch.api.LivePatch;

/** Replaces the native method NativeHolder.nativeThing. */
@LivePatch(name = "refuse_native")
final class RefuseNative {
}
