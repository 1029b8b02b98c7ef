package io.jlivepatch.bench.redirect;

/**
 * A copy of the benchmark's target method with the bug, patched, then restored by
 * disabling the patch.
 * Every copy has the same body, so that each benchmark differs from another only in what the
 * engine did to its class.
 */
public class Restored {

    private int seed = 17;

    /** @return a checksum of {@code data}: the bug is that it ignores the high bits' spread */
    public int checksum(int[] data) {
        int h = seed;
        for (int i = 0; i < data.length; i++) {
            h = 31 * h + data[i];
        }
        return h;
    }
}
