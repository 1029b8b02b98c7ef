package io.jlivepatch.build;

import io.jlivepatch.build.BuildException.Reason;
import java.nio.file.Path;
import java.util.Map;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * A hand-written {@code @Patch("X")} class given with {@code --with}, for a class X whose
 * object the build generates: its members (callbacks, their helpers and static fields) join the
 * generated object, since a patch has one object per class and loader pattern.
 */
final class CallbackMerge {

    private static final String PATCH = "Lio/jlivepatch/api/Patch;";

    private CallbackMerge() {
    }

    /**
     * @param classes the patch's classes so far
     * @param extra a class of a {@code --with} jar
     * @return the internal name of the generated class the extra class joins, or {@code null}
     */
    static String joins(Map<String, byte[]> classes, byte[] extra) {
        String target = target(extra);
        if (target == null) {
            return null;
        }
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            if (target.equals(target(entry.getValue()))) {
                return entry.getKey();
            }
        }
        return null;
    }

    /**
     * @param generated the generated {@code @Patch} class
     * @param extra the hand-written one for the same class
     * @param jar the {@code --with} jar, for messages
     * @return the generated class with the extra class's members, renamed into it
     * @throws BuildException BAD_INPUT if both declare a member of the same name and type
     */
    static byte[] into(byte[] generated, byte[] extra, Path jar) throws BuildException {
        ClassNode into = new ClassNode();
        new ClassReader(generated).accept(into, 0);
        ClassNode from = new ClassNode();
        String extraName = new ClassReader(extra).getClassName();
        new ClassReader(extra).accept(new ClassRemapper(from,
                new SimpleRemapper(Map.of(extraName, into.name))), 0);
        for (MethodNode method : from.methods) {
            if (method.name.equals("<init>") || method.name.equals("<clinit>")) {
                continue;
            }
            if (into.methods.stream().anyMatch(m -> m.name.equals(method.name)
                    && m.desc.equals(method.desc))) {
                throw clash(jar, extraName, method.name + method.desc, into.name);
            }
            into.methods.add(method);
        }
        for (FieldNode field : from.fields) {
            if (into.fields.stream().anyMatch(f -> f.name.equals(field.name))) {
                throw clash(jar, extraName, field.name, into.name);
            }
            into.fields.add(field);
        }
        into.version = Math.max(into.version & 0xFFFF, from.version & 0xFFFF);
        ClassWriter writer = new ClassWriter(0);
        into.accept(writer);
        return writer.toByteArray();
    }

    private static BuildException clash(Path jar, String extraName, String member,
            String generated) {
        return new BuildException(Reason.BAD_INPUT, jar + ": " + JavacNames.dotted(extraName)
                + "." + member + " is also a member of the patch class the build generates for "
                + JavacNames.dotted(generated) + "; rename it");
    }

    /** @return the class a {@code @Patch} class targets, with its loader pattern, or null */
    private static String target(byte[] bytes) {
        String[] value = {null, ""};
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                if (!descriptor.equals(PATCH)) {
                    return null;
                }
                value[0] = "";
                return new AnnotationVisitor(Opcodes.ASM9) {
                    @Override
                    public void visit(String name, Object element) {
                        if (name.equals("value")) {
                            value[0] = (String) element;
                        } else if (name.equals("loader")) {
                            value[1] = (String) element;
                        }
                    }
                };
            }
        }, ClassReader.SKIP_CODE);
        return value[0] == null || value[0].isEmpty() ? null : value[0] + " " + value[1];
    }
}
