package io.jlivepatch.core.model;

/**
 * A system state a patch declares with {@code @State} (the kernel's {@code klp_state}).
 *
 * @param id the state id, non-zero
 * @param version the version of the modification
 */
public record StateSpec(long id, int version) {
}
