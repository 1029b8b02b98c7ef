package io.jlivepatch.bench.redirect;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;
import io.jlivepatch.api.Shadow;

/** The fix of {@link PatchedJava6}, with the body of {@link FixedCompiledInJava6#checksum}. */
@Patch("io.jlivepatch.bench.redirect.PatchedJava6")
abstract class PatchedJava6Fix {

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
