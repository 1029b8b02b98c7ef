package io.jlivepatch.core.load;

import io.jlivepatch.core.model.PatchException;
import java.nio.file.Path;

/** A check of a patch jar before the engine reads it: the agent's trust policy. */
@FunctionalInterface
public interface PatchJarCheck {

    /** Accepts every jar as it is. */
    PatchJarCheck NONE = jar -> jar;

    /**
     * @param jar the patch jar, an absolute path
     * @return the file to read: {@code jar}, or a private copy of it that was checked
     * @throws PatchException (INVALID_PATCH) naming why the jar is refused
     */
    Path check(Path jar) throws PatchException;
}
