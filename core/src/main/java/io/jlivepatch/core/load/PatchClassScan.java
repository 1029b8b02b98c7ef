package io.jlivepatch.core.load;

import io.jlivepatch.core.model.Callback;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What one class of a patch jar declares through the patch API, read without loading it.
 */
final class PatchClassScan extends ClassVisitor {

    /** A method or field of the scanned class and the API annotations on it. */
    record Member(String name, String descriptor, int access, boolean field, boolean replace,
            boolean shadow, List<Callback.Kind> callbacks) {
        boolean isStatic() {
            return (access & Opcodes.ACC_STATIC) != 0;
        }
    }

    private static final Map<String, Callback.Kind> CALLBACKS = Map.of(
            ApiNames.PRE_PATCH, Callback.Kind.PRE_PATCH,
            ApiNames.POST_PATCH, Callback.Kind.POST_PATCH,
            ApiNames.PRE_UNPATCH, Callback.Kind.PRE_UNPATCH,
            ApiNames.POST_UNPATCH, Callback.Kind.POST_UNPATCH);

    String internalName;
    int access;
    Map<String, Object> livePatch;
    Map<String, Object> patch;
    final List<Member> members = new ArrayList<>();

    PatchClassScan() {
        super(Opcodes.ASM9);
    }

    static PatchClassScan of(byte[] bytes) {
        PatchClassScan scan = new PatchClassScan();
        new ClassReader(bytes).accept(scan, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
        return scan;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
            String[] interfaces) {
        this.internalName = name;
        this.access = access;
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        if (ApiNames.LIVE_PATCH.equals(descriptor)) {
            livePatch = new HashMap<>();
            return new Values(livePatch);
        }
        if (ApiNames.PATCH.equals(descriptor)) {
            patch = new HashMap<>();
            return new Values(patch);
        }
        return null;
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature,
            Object value) {
        boolean[] shadow = new boolean[1];
        int index = members.size();
        members.add(new Member(name, descriptor, access, true, false, false, List.of()));
        return new FieldVisitor(Opcodes.ASM9) {
            @Override
            public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                shadow[0] |= ApiNames.SHADOW.equals(annotation);
                return null;
            }

            @Override
            public void visitEnd() {
                members.set(index, new Member(name, descriptor, access, true, false, shadow[0],
                        List.of()));
            }
        };
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
            String[] exceptions) {
        boolean[] flags = new boolean[2];
        List<Callback.Kind> callbacks = new ArrayList<>();
        int index = members.size();
        members.add(new Member(name, descriptor, access, false, false, false, List.of()));
        return new MethodVisitor(Opcodes.ASM9) {
            @Override
            public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                flags[0] |= ApiNames.REPLACE.equals(annotation);
                flags[1] |= ApiNames.SHADOW.equals(annotation);
                Callback.Kind kind = CALLBACKS.get(annotation);
                if (kind != null) {
                    callbacks.add(kind);
                }
                return null;
            }

            @Override
            public void visitEnd() {
                members.set(index, new Member(name, descriptor, access, false, flags[0],
                        flags[1], List.copyOf(callbacks)));
            }
        };
    }

    /**
     * Collects an annotation's element values: simple values as they are, arrays as lists,
     * nested annotations as maps.
     */
    private static final class Values extends AnnotationVisitor {
        private final Map<String, Object> into;

        Values(Map<String, Object> into) {
            super(Opcodes.ASM9);
            this.into = into;
        }

        @Override
        public void visit(String name, Object value) {
            into.put(name, value);
        }

        @Override
        public AnnotationVisitor visitArray(String name) {
            List<Object> values = new ArrayList<>();
            into.put(name, values);
            return new AnnotationVisitor(Opcodes.ASM9) {
                @Override
                public void visit(String ignored, Object value) {
                    values.add(value);
                }

                @Override
                public AnnotationVisitor visitAnnotation(String ignored, String descriptor) {
                    Map<String, Object> nested = new HashMap<>();
                    values.add(nested);
                    return new Values(nested);
                }
            };
        }
    }
}
