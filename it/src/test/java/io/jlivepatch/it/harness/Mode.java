package io.jlivepatch.it.harness;

/** How the jlivepatch agent gets into the target JVM. */
public enum Mode {
    /** Not at start: the first {@code jlp load} attaches it. */
    ATTACHED,
    /** From the start: {@code -javaagent:jlp.jar}. */
    PRELOADED
}
