package io.jlivepatch.bench;

import java.util.Locale;

/** How long a run takes: {@code quick}, a smoke check of a few minutes, or {@code full}. */
public enum RunMode {
    /** Few repeats and short windows: the figures are rough. */
    QUICK,
    /** The figures for BENCHMARKS.md. */
    FULL;

    /** @return {@code quick} in quick mode, {@code full} in full mode */
    public <T> T pick(T quick, T full) {
        return this == QUICK ? quick : full;
    }

    /** @return the mode named {@code quick} or {@code full} */
    public static RunMode of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown mode '" + name + "': use quick or full");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
