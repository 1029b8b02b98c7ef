package io.jlivepatch.it.app;

/** The superclass whose method a replacement reaches with {@code super.describe()}. */
public class Base {

    /** @return what the superclass says */
    protected String describe() {
        return "base";
    }
}
