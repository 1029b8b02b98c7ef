package io.jlivepatch.bench.beside;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;
import io.jlivepatch.api.Shadow;

/** The fix of {@link AdvisedPatched}, with the same body as {@link AdvisedFixedCompiledIn}. */
@Patch("io.jlivepatch.bench.beside.AdvisedPatched")
abstract class AdvisedPatchedFix {

    @Shadow private int seed;

    @Replace
    public int checksum(int[] data) {
        int h = seed;
        for (int i = 0; i < data.length; i++) {
            h = 31 * h + (data[i] ^ (data[i] >>> 7));
        }
        return h;
    }
}
