package io.jlivepatch.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The classes whose changed static initialiser a hand-written post-patch callback takes over:
 * each {@code @Patch("X")} class of the {@code --with} jars that has a {@code @PostPatch} method.
 * The running class keeps what its initialiser made; the callback, which runs once the patch is
 * in place, does what the new initialiser does differently.
 */
final class InitialiserTakeovers {

    private static final String PATCH = "Lio/jlivepatch/api/Patch;";
    private static final String POST_PATCH = "Lio/jlivepatch/api/PostPatch;";

    private InitialiserTakeovers() {
    }

    /**
     * @param with the {@code --with} jars
     * @return by target's internal name, the callback that takes its initialiser over
     *     ({@code Class.method})
     * @throws BuildException BAD_INPUT if a jar cannot be read
     */
    static Map<String, String> of(List<Path> with) throws BuildException {
        Map<String, String> takeovers = new TreeMap<>();
        for (Path jar : with) {
            for (byte[] bytes : AppBuild.read(jar).classes().values()) {
                read(bytes, takeovers);
            }
        }
        return takeovers;
    }

    private static void read(byte[] bytes, Map<String, String> takeovers) {
        String[] target = new String[1];
        String[] callback = new String[1];
        ClassReader reader = new ClassReader(bytes);
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                if (!descriptor.equals(PATCH)) {
                    return null;
                }
                return new AnnotationVisitor(Opcodes.ASM9) {
                    @Override
                    public void visit(String name, Object value) {
                        if (name.equals("value") && value instanceof String className
                                && !className.isEmpty()) {
                            target[0] = className.replace('.', '/');
                        }
                    }
                };
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation,
                            boolean visible) {
                        if (annotation.equals(POST_PATCH) && callback[0] == null) {
                            callback[0] = JavacNames.dotted(reader.getClassName()) + "." + name;
                        }
                        return null;
                    }
                };
            }
        }, ClassReader.SKIP_CODE);
        if (target[0] != null && callback[0] != null) {
            takeovers.putIfAbsent(target[0], callback[0]);
        }
    }

    /**
     * @param changes the classified changes
     * @return whether a callback took a changed initialiser over: the patch then carries that
     *     change, even with nothing else to carry
     */
    static boolean anyTakenOver(Changes changes) {
        return changes.differences().stream().anyMatch(d -> d.kind() == Difference.Kind.WARNING
                && d.subject().endsWith(".<clinit>()V"));
    }
}
