package io.jlivepatch.it.app;

/** Has an abstract method, which cannot be patched. */
public abstract class Shape {

    /** @return the area, as text */
    public abstract String area();
}
