package io.jlivepatch.build;

import java.util.Set;
import java.util.TreeSet;

/**
 * A class the patch adds beside a target to hold the target's new methods that other classes'
 * patched code calls: a new method otherwise lives in the hidden class of its own class's patch,
 * which only that class's code can reach. Each is a public static method; an instance method
 * takes its object as the first argument (a new method never overrides, so the call needs no
 * virtual dispatch).
 *
 * @param name the holder's internal name, in the target's package
 * @param owner the target's name in the new build
 * @param methods the held methods, {@code name + descriptor} in the new build
 * @param isStatic of each held method, whether it is static
 */
record MethodsHolder(String name, String owner, Set<String> methods, Set<String> isStatic) {

    /** @param name its name @param owner the target's name in the new build */
    MethodsHolder(String name, String owner) {
        this(name, owner, new TreeSet<>(), new TreeSet<>());
    }

    /** @return whether it holds that method ({@code name + descriptor}) */
    boolean holds(String methodKey) {
        return methods.contains(methodKey);
    }

    /** @return the descriptor of a held method in the holder */
    String descriptor(String methodKey) {
        String descriptor = methodKey.substring(methodKey.indexOf('('));
        return isStatic.contains(methodKey) ? descriptor
                : "(L" + owner + ";" + descriptor.substring(1);
    }
}
