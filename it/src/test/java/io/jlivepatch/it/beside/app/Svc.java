package io.jlivepatch.it.beside.app;

/** The service other agents instrument and a patch replaces. */
public final class Svc {

    private final String name;

    public Svc(String name) {
        this.name = name;
    }

    /**
     * @param n any number
     * @return twice {@code n}
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public int work(int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + ": negative " + n);
        }
        return n * 2;
    }
}
