package io.jlivepatch.core.load;

import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.PatchObject.NewClass;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;

/**
 * Which object of a patch defines each class of the jar that is neither {@code @LivePatch} nor
 * {@code @Patch} (a new class, a holder): an object defines the classes its code uses that are in
 * its target's package, beside its target. A class in another package is defined by the object of
 * the same loader pattern whose target is in that package (a holder of a class's new methods that
 * code of another package calls lives beside its own class); the using object's code finds it by
 * name in the loader both targets share. A class with no such object is refused.
 */
final class NewClassHomes {

    private NewClassHomes() {
    }

    /**
     * @param where the jar, for messages
     * @param objects the patch's objects, without new classes
     * @param classes every class of the jar by internal name
     * @param objectNames the {@code @LivePatch} and {@code @Patch} classes
     * @return the objects, each with the new classes it defines, supertypes first
     * @throws PatchException (INVALID_PATCH) for a class no object can define
     */
    static List<PatchObject> assign(String where, List<PatchObject> objects,
            Map<String, byte[]> classes, Set<String> objectNames) throws PatchException {
        List<Set<String>> roots = new ArrayList<>();
        for (PatchObject object : objects) {
            roots.add(new LinkedHashSet<>(List.of(object.patchClass())));
        }
        List<Map<String, byte[]>> used = new ArrayList<>();
        boolean homed = true;
        while (homed) {
            homed = false;
            used.clear();
            for (int i = 0; i < objects.size(); i++) {
                Map<String, byte[]> own = new LinkedHashMap<>();
                used.add(own);
                PatchObject object = objects.get(i);
                List<String> pending = new ArrayList<>(roots.get(i));
                for (String root : roots.get(i)) {
                    if (!root.equals(object.patchClass())) {
                        own.put(root, classes.get(root));
                    }
                }
                while (!pending.isEmpty()) {
                    String user = pending.remove(pending.size() - 1);
                    byte[] bytes = user.equals(object.patchClass()) ? object.patchClassBytes()
                            : classes.get(user);
                    for (String name : ClassReferences.of(bytes)) {
                        if (!classes.containsKey(name) || objectNames.contains(name)
                                || own.containsKey(name)) {
                            continue;
                        }
                        if (inPackage(object, name)) {
                            own.put(name, classes.get(name));
                            pending.add(name);
                            continue;
                        }
                        int home = home(where, objects, object, name, user);
                        homed |= roots.get(home).add(name);
                    }
                }
            }
        }
        List<PatchObject> assigned = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            assigned.add(withNewClasses(objects.get(i), used.get(i)));
        }
        return assigned;
    }

    private static boolean inPackage(PatchObject object, String name) {
        return !object.isJvm() && packageOf(object.targetClass().replace('.', '/'))
                .equals(packageOf(name));
    }

    /** @return the index of the object that defines a class outside the user's package */
    private static int home(String where, List<PatchObject> objects, PatchObject object,
            String name, String user) throws PatchException {
        if (object.isJvm()) {
            throw PatchJarReader.invalid(where, PatchJarReader.dotted(user) + " uses " + PatchJarReader.dotted(name) + ", a class of the"
                    + " patch jar that is neither @LivePatch nor @Patch; the JVM object's"
                    + " callbacks cannot use such classes: move the code into the callback"
                    + " class as a helper method");
        }
        for (int i = 0; i < objects.size(); i++) {
            PatchObject other = objects.get(i);
            if (inPackage(other, name) && other.loaderPattern().equals(object.loaderPattern())) {
                return i;
            }
        }
        String targetPackage = packageOf(object.targetClass().replace('.', '/'));
        throw PatchJarReader.invalid(where, PatchJarReader.dotted(user) + " uses " + PatchJarReader.dotted(name) + ", a class of the"
                + " patch jar that is neither @LivePatch nor @Patch: such a class is defined"
                + " beside the target " + object.targetClass() + ", so it must be in its"
                + " package '" + PatchJarReader.dotted(targetPackage) + "', not '" + PatchJarReader.dotted(packageOf(name))
                + "' (or in the package of another @Patch class's target); move it there, or"
                + " move its code into the @Patch class as helper methods");
    }

    private static PatchObject withNewClasses(PatchObject object, Map<String, byte[]> used) {
        if (used.isEmpty()) {
            return object;
        }
        List<NewClass> ordered = new ArrayList<>();
        for (String name : used.keySet()) {
            addSupertypesFirst(name, used, ordered, new HashSet<>());
        }
        return new PatchObject(object.targetClass(), object.loaderPattern(),
                object.patchClass(), object.patchClassBytes(), object.functions(),
                object.shadows(), object.callbacks(), object.pinnedHash(), ordered);
    }

    private static void addSupertypesFirst(String name, Map<String, byte[]> used,
            List<NewClass> ordered, Set<String> visiting) {
        if (!used.containsKey(name) || !visiting.add(name)
                || ordered.stream().anyMatch(c -> c.internalName().equals(name))) {
            return;
        }
        ClassReader reader = new ClassReader(used.get(name));
        addSupertypesFirst(reader.getSuperName(), used, ordered, visiting);
        for (String itf : reader.getInterfaces()) {
            addSupertypesFirst(itf, used, ordered, visiting);
        }
        ordered.add(new NewClass(name, used.get(name)));
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }
}
