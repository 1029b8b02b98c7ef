package io.jlivepatch.bench.redirect;

/** {@link FixedCompiledIn} as a class file of Java 6 ({@link Java6Classes}): the baseline. */
public class FixedCompiledInJava6 implements Checksum {

    private int seed = 17;

    @Override
    public int checksum(int[] data) {
        int h = seed;
        for (int i = 0; i < data.length; i++) {
            h = 31 * h + (data[i] ^ (data[i] >>> 7));
        }
        return h;
    }
}
