package io.jlivepatch.bench.beside;

/** The baseline beside another agent: the fix compiled in, wrapped by the same advice. */
public class AdvisedFixedCompiledIn {

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
