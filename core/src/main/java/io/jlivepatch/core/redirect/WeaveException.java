package io.jlivepatch.core.redirect;

/** The JVM refused a retransformation; nothing was changed. */
public final class WeaveException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String className;

    WeaveException(String className, String message, Throwable cause) {
        super(message, cause);
        this.className = className;
    }

    /** @return the class that failed, if known, else {@code null} */
    public String className() {
        return className;
    }
}
