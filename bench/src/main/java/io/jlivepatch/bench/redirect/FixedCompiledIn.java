package io.jlivepatch.bench.redirect;

/** The baseline: the benchmark's target class with the fix compiled in, never patched. */
public class FixedCompiledIn {

    private int seed = 17;

    /** @return a checksum of {@code data}, fixed: the bits of each value are spread first */
    public int checksum(int[] data) {
        int h = seed;
        for (int i = 0; i < data.length; i++) {
            h = 31 * h + (data[i] ^ (data[i] >>> 7));
        }
        return h;
    }
}
