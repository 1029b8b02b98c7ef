package io.jlivepatch.core.model;

import java.util.List;

/**
 * A patch as read from a patch jar (the kernel's {@code klp_patch}): immutable.
 *
 * @param name the unique patch name
 * @param replace whether it atomically replaces every enabled patch
 * @param description a one-line description, possibly empty
 * @param source where it was read from, for display (a jar path)
 * @param objects the patch objects, one per target class
 */
public record Patch(String name, boolean replace, String description, String source,
        List<PatchObject> objects) {

    /** Makes the list unmodifiable. */
    public Patch {
        objects = List.copyOf(objects);
    }
}
