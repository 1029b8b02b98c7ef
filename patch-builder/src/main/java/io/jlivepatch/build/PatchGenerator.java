package io.jlivepatch.build;

import java.util.Map;
import java.util.TreeMap;
import io.jlivepatch.core.bytecode.VersionRaise;
import io.jlivepatch.core.bytecode.WithoutNesting;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Generates the classes of a patch jar from classified {@link Changes}: the {@code @LivePatch}
 * class, one {@code @Patch} class per changed class ({@link PatchClassWriter}), the new classes
 * under their fresh names, the holders of new static fields and methods, and the accessors of
 * new instance fields ({@link ShadowFieldsWriter}).
 */
final class PatchGenerator {

    private static final String LIVE_PATCH = "Lio/jlivepatch/api/LivePatch;";

    private PatchGenerator() {
    }

    /**
     * @param changes the classified changes
     * @param newBuild the new build they were found in
     * @param name the patch name
     * @param replace whether it is a cumulative (atomic-replace) patch
     * @param description its description
     * @return the patch's classes by internal name
     */
    static Map<String, byte[]> generate(Changes changes, AppBuild newBuild, String name,
            boolean replace, String description) {
        PatchNames names = new PatchNames(changes);
        java.util.Set<String> shadowed = new java.util.HashSet<>();
        changes.shadowFields().forEach(s -> s.fields().forEach(f -> shadowed.add(s.owner() + "."
                + f.key())));
        PrivateAccesses privates = new PrivateAccesses(newBuild.classes(), shadowed);
        Map<String, byte[]> classes = new TreeMap<>();
        classes.put(livePatchClass(name), livePatch(livePatchClass(name), name, replace,
                description));
        for (ClassPlan plan : changes.plans()) {
            classes.put(plan.target(), PatchClassWriter.write(plan, names));
        }
        for (Map.Entry<String, String> entry : changes.newClasses().entrySet()) {
            classes.put(entry.getValue(), newClass(entry.getKey(),
                    newBuild.classes().get(entry.getKey()), names, privates));
        }
        for (StaticsHolder holder : changes.holders()) {
            classes.put(holder.name(), holder(holder, names, privates,
                    newBuild.classes().get(holder.owner())));
        }
        for (ShadowFields fields : changes.shadowFields()) {
            classes.put(fields.name(), ShadowFieldsWriter.write(fields, names,
                    new ClassReader(newBuild.classes().get(fields.owner())).readUnsignedShort(6)));
        }
        for (MethodsHolder holder : changes.methodHolders()) {
            classes.put(holder.name(), methodsHolder(holder, names, privates,
                    newBuild.classes().get(holder.owner())));
        }
        return classes;
    }

    /**
     * The holder of new methods: each a public static method with the new build's body, its
     * object (if any) as the first argument, which the body finds where it found {@code this}.
     */
    private static byte[] methodsHolder(MethodsHolder holder, PatchNames names,
            PrivateAccesses privates, byte[] ownerBytes) {
        ClassNode owner = new ClassNode();
        new ClassReader(ownerBytes).accept(owner, 0);
        ClassWriter writer = new ClassWriter(0);
        writer.visit(VersionRaise.woven(owner.version), Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER
                | Opcodes.ACC_SYNTHETIC, holder.name(), null, "java/lang/Object", null);
        for (MethodNode method : owner.methods) {
            String key = method.name + method.desc;
            if (!holder.holds(key)) {
                continue;
            }
            method.visibleAnnotations = null;
            method.invisibleAnnotations = null;
            method.visibleParameterAnnotations = null;
            method.invisibleParameterAnnotations = null;
            method.visibleAnnotableParameterCount = 0;
            method.invisibleAnnotableParameterCount = 0;
            method.parameters = null;
            MethodVisitor target = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC
                    | Opcodes.ACC_SYNTHETIC | (method.access & Opcodes.ACC_VARARGS),
                    method.name, names.mapMethodDescriptor(holder.descriptor(key)), null,
                    method.exceptions.toArray(new String[0]));
            method.accept(privates.method(holder.name(), names.method(target)));
        }
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** @return the internal name of the {@code @LivePatch} class of a patch of that name */
    static String livePatchClass(String name) {
        return "jlp/generated/LivePatch_" + name.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static byte[] livePatch(String className, String name, boolean replace,
            String description) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER
                | Opcodes.ACC_SYNTHETIC, className, null, "java/lang/Object", null);
        AnnotationVisitor annotation = writer.visitAnnotation(LIVE_PATCH, true);
        annotation.visit("name", name);
        annotation.visit("replace", replace);
        annotation.visit("description", description);
        annotation.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /**
     * A class only the new build has, renamed; without nesting attributes (it is defined beside
     * its target, not into its nest, and reflection must not look for it there), and with
     * private members opened to its package, so that the
     * target's patched code, which may have used them as a nestmate, still can; its uses of
     * private members of the application's classes go through {@link PrivateAccesses}.
     */
    private static byte[] newClass(String newName, byte[] newBytes, PatchNames names,
            PrivateAccesses privates) {
        ClassWriter writer = new ClassWriter(0);
        ClassVisitor open = new ClassVisitor(Opcodes.ASM9, new WithoutNesting(writer)) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor,
                    String signature, Object value) {
                return super.visitField(access & ~Opcodes.ACC_PRIVATE, name, descriptor,
                        signature, value);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                return super.visitMethod(access & ~Opcodes.ACC_PRIVATE, name, descriptor,
                        signature, exceptions);
            }
        };
        new ClassReader(newBytes).accept(privates.classes(newName, names.classes(open)), 0);
        return writer.toByteArray();
    }

    /** The holder: public static fields, initialised by the new build's code for them. */
    private static byte[] holder(StaticsHolder holder, PatchNames names,
            PrivateAccesses privates, byte[] ownerBytes) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        int version = VersionRaise.woven(new ClassReader(ownerBytes).readShort(6));
        writer.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER
                | Opcodes.ACC_SYNTHETIC, holder.name(), null, "java/lang/Object", null);
        for (FieldNode field : holder.fields()) {
            int access = field.access & ~(Opcodes.ACC_PRIVATE | Opcodes.ACC_PROTECTED
                    | Opcodes.ACC_FINAL) | Opcodes.ACC_PUBLIC;
            writer.visitField(access, field.name, names.mapDescriptor(field.desc), null,
                    field.value).visitEnd();
        }
        if (holder.init() != null) {
            MethodNode init = new MethodNode(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
            holder.init().accept(init);
            init.instructions.add(new InsnNode(Opcodes.RETURN));
            MethodVisitor target = writer.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V",
                    null, null);
            init.accept(privates.method(holder.name(), names.method(target)));
        }
        writer.visitEnd();
        return writer.toByteArray();
    }
}
