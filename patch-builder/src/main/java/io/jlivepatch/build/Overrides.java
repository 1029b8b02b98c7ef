package io.jlivepatch.build;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Whether a new method takes part in virtual dispatch with another class's method: it overrides
 * one of a supertype, or a subtype overrides it. Supertypes are read from the new build, then
 * from the dependencies ({@code --classpath}), then from the JDK running {@code jlp build}; a
 * supertype from none of them is {@linkplain #unresolved unresolved}, and the caller cannot tell.
 */
final class Overrides {

    private final Map<String, byte[]> classes;
    private final Map<String, byte[]> dependencies;
    private final Map<String, ClassReader> readers = new HashMap<>();

    /**
     * @param classes the new build's classes
     * @param dependencies the dependencies' classes
     */
    Overrides(Map<String, byte[]> classes, Map<String, byte[]> dependencies) {
        this.classes = classes;
        this.dependencies = dependencies;
    }

    /**
     * @param owner a class of the new build
     * @return a supertype of it that none of the builds, dependencies or the JDK has, or
     *     {@code null}
     */
    String unresolved(String owner) {
        for (String supertype : supertypes(owner)) {
            if (reader(supertype) == null) {
                return supertype;
            }
        }
        return null;
    }

    /**
     * @param owner the class declaring the method, in the new build
     * @param methodKey the method's {@code name + descriptor}
     * @return the class whose method it overrides or that overrides it, or {@code null}
     */
    String related(String owner, String methodKey) {
        for (String supertype : supertypes(owner)) {
            if (declaresOverridable(supertype, methodKey)) {
                return supertype;
            }
        }
        for (String name : classes.keySet()) {
            if (!name.equals(owner) && supertypes(name).contains(owner)
                    && declaresOverridable(name, methodKey)) {
                return name;
            }
        }
        return null;
    }

    private List<String> supertypes(String name) {
        List<String> all = new ArrayList<>();
        List<String> pending = new ArrayList<>(List.of(name));
        while (!pending.isEmpty()) {
            ClassReader reader = reader(pending.remove(0));
            if (reader == null) {
                continue;
            }
            List<String> direct = new ArrayList<>(List.of(reader.getInterfaces()));
            if (reader.getSuperName() != null) {
                direct.add(reader.getSuperName());
            }
            for (String supertype : direct) {
                if (!all.contains(supertype)) {
                    all.add(supertype);
                    pending.add(supertype);
                }
            }
        }
        return all;
    }

    private boolean declaresOverridable(String className, String methodKey) {
        ClassReader reader = reader(className);
        if (reader == null) {
            return false;
        }
        boolean[] found = new boolean[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                found[0] |= methodKey.equals(name + descriptor)
                        && (access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC)) == 0;
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return found[0];
    }

    private ClassReader reader(String name) {
        return readers.computeIfAbsent(name, n -> {
            byte[] bytes = classes.containsKey(n) ? classes.get(n) : dependencies.get(n);
            if (bytes == null) {
                try (InputStream in = ClassLoader.getSystemResourceAsStream(n + ".class")) {
                    bytes = in == null ? null : in.readAllBytes();
                } catch (IOException e) {
                    bytes = null;
                }
            }
            return bytes == null ? null : new ClassReader(bytes);
        });
    }
}
