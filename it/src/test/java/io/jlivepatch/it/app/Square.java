package io.jlivepatch.it.app;

/** The concrete {@link Shape}. */
public class Square extends Shape {

    @Override
    public String area() {
        return "area 4";
    }
}
