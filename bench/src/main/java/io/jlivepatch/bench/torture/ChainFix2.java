package io.jlivepatch.bench.torture;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;
import io.jlivepatch.api.Shadow;
import java.util.concurrent.atomic.LongAdder;

/** Version 2 of {@link Chain}. */
@Patch("io.jlivepatch.bench.torture.Chain")
abstract class ChainFix2 {

    @Shadow public static LongAdder MIXED;

    @Replace
    public static int outer(int x) {
        return inner(2, x);
    }

    @Replace
    public static int spare(int x) {
        return x + 2;
    }

    @Replace
    public static int inner(int version, int x) {
        if (version != 2) {
            MIXED.increment();
        }
        return x == Integer.MIN_VALUE ? -1 : 2;
    }
}
