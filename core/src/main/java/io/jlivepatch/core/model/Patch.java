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
 * @param states the system states it modifies, at most one per id
 * @param sha256 the SHA-256 digest of the jar's bytes, in lower-case hex: which build of the
 *     patch this is, for tools that must not load the same patch twice
 */
public record Patch(String name, boolean replace, String description, String source,
        List<PatchObject> objects, List<StateSpec> states, String sha256) {

    /** Makes the lists unmodifiable. */
    public Patch {
        objects = List.copyOf(objects);
        states = List.copyOf(states);
    }

    /** @return the state of an id, or {@code null} */
    public StateSpec state(long id) {
        return states.stream().filter(s -> s.id() == id).findFirst().orElse(null);
    }
}
