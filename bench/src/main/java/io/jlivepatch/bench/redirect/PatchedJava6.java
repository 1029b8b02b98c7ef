package io.jlivepatch.bench.redirect;

/**
 * {@link Patched} as a class file of Java 6 ({@link Java6Classes}), patched by
 * {@link PatchedJava6Fix}: the engine weaves it as a class file of Java 7.
 */
public class PatchedJava6 implements Checksum {

    private int seed = 17;

    @Override
    public int checksum(int[] data) {
        int h = seed;
        for (int i = 0; i < data.length; i++) {
            h = 31 * h + data[i];
        }
        return h;
    }
}
