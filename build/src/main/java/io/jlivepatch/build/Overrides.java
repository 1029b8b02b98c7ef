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
 * one of a supertype, or a subtype overrides it. Supertypes are read from the new build, else
 * from the JDK running {@code jlp build}; a supertype from neither (a library not in the build)
 * is not checked.
 */
final class Overrides {

    private final Map<String, byte[]> classes;
    private final Map<String, ClassReader> readers = new HashMap<>();

    /** @param classes the new build's classes */
    Overrides(Map<String, byte[]> classes) {
        this.classes = classes;
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
            byte[] bytes = classes.get(n);
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
