package io.jlivepatch.agent;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the target classes of a patch that exist nowhere in the JVM: not loaded, and no class
 * loader of the JVM (the system and platform loaders, and every loader that defined a class) can
 * find their class file. Such an object waits for a class that may never come, most often a typo:
 * {@code jlp load} says so, and {@code jlp load --strict} refuses the patch.
 */
final class TargetSearch {

    private final Instrumentation instrumentation;

    TargetSearch(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /**
     * @param patch a patch read from its jar
     * @return the binary names of its target classes found nowhere, in object order
     */
    List<String> foundNowhere(Patch patch) {
        Set<String> wanted = new LinkedHashSet<>();
        for (PatchObject object : patch.objects()) {
            if (!object.isJvm()) {
                wanted.add(object.targetClass());
            }
        }
        if (wanted.isEmpty()) {
            return List.of();
        }
        Set<ClassLoader> loaders = new HashSet<>();
        loaders.add(ClassLoader.getSystemClassLoader());
        loaders.add(ClassLoader.getPlatformClassLoader());
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            wanted.remove(loaded.getName());
            if (loaded.getClassLoader() != null) {
                loaders.add(loaded.getClassLoader());
            }
        }
        List<String> nowhere = new ArrayList<>();
        for (String name : wanted) {
            String resource = name.replace('.', '/') + ".class";
            boolean found = ClassLoader.getSystemResource(resource) != null
                    || loaders.stream().anyMatch(l -> findable(l, resource));
            if (!found) {
                nowhere.add(name);
            }
        }
        return nowhere;
    }

    private static boolean findable(ClassLoader loader, String resource) {
        try {
            return loader.getResource(resource) != null;
        } catch (RuntimeException | LinkageError e) {
            return false; // a broken application loader: it cannot define the class either
        }
    }
}
