package io.jlivepatch.it.app;

/** Has a native method (never bound, never called), which cannot be patched. */
public class NativeHolder {

    /** @return nothing: there is no library */
    public native int nativeThing();

    /** @return a constant, to show the class still works */
    public String ok() {
        return "native holder ok";
    }
}
