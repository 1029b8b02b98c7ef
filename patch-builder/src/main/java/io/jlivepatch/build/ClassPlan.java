package io.jlivepatch.build;

import java.util.Set;

/**
 * What the patch does to one class of the running application: one {@code @Patch} object.
 *
 * @param target the class's internal name in the old build, which the JVM runs
 * @param newName its name in the new build (differs for a renumbered anonymous class)
 * @param oldBytes the old build's class, whose semantic hash the object is pinned to
 * @param newBytes the new build's class, from which the patched code is copied
 * @param replaced the changed methods, {@code name + descriptor} in the new build
 * @param helpers the new methods and lambda bodies, {@code name + descriptor} in the new build
 * @param holder the holder of its new static fields, or {@code null}
 */
record ClassPlan(String target, String newName, byte[] oldBytes, byte[] newBytes,
        Set<String> replaced, Set<String> helpers, StaticsHolder holder) {

    /** Makes the sets unmodifiable. */
    ClassPlan {
        replaced = Set.copyOf(replaced);
        helpers = Set.copyOf(helpers);
    }
}
