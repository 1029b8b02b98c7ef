package io.jlivepatch.bench.redirect;

/** The benchmark's method, for the copies defined as class files of Java 6. */
public interface Checksum {

    /** @return a checksum of {@code data} */
    int checksum(int[] data);
}
