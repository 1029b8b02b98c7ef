package io.jlivepatch.build;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Writes the accessor class of a {@link ShadowFields}: per new instance field, a public static
 * getter {@code name(Owner)T} and setter {@code name(Owner, T)V} that read and write the
 * object's shadow variable, so that one {@code getfield} or {@code putfield} becomes one
 * {@code invokestatic} with the same operands on the stack. Primitives are stored boxed; an
 * object without the variable reads the field's initial value.
 */
final class ShadowFieldsWriter {

    private static final String VARIABLES = "io/jlivepatch/api/ShadowVariables";

    private ShadowFieldsWriter() {
    }

    /**
     * @param fields the fields of one class
     * @param names the renaming into the patch's names
     * @param version the class-file version of the class they belong to
     * @return the accessor class
     */
    static byte[] write(ShadowFields fields, PatchNames names, int version) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER
                | Opcodes.ACC_SYNTHETIC, fields.name(), null, "java/lang/Object", null);
        for (ShadowFields.Field field : fields.fields()) {
            long id = fields.id(field.key());
            Type type = Type.getType(names.mapDescriptor(field.descriptor()));
            getter(writer.visitMethod(access(), field.name(),
                    names.mapMethodDescriptor(fields.getter(field.key())), null, null),
                    id, type, field.initial(), version >= Opcodes.V1_6);
            setter(writer.visitMethod(access(), field.name(),
                    names.mapMethodDescriptor(fields.setter(field.key())), null, null),
                    id, type);
        }
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static int access() {
        return Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC;
    }

    private static void getter(MethodVisitor method, long id, Type type, Object initial,
            boolean frames) {
        method.visitCode();
        method.visitVarInsn(Opcodes.ALOAD, 0);
        method.visitLdcInsn(id);
        if (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY) {
            if (initial == null) {
                method.visitInsn(Opcodes.ACONST_NULL);
            } else {
                method.visitLdcInsn(initial);
            }
            method.visitMethodInsn(Opcodes.INVOKESTATIC, VARIABLES, "getOrDefault",
                    "(Ljava/lang/Object;JLjava/lang/Object;)Ljava/lang/Object;", false);
            method.visitTypeInsn(Opcodes.CHECKCAST, type.getInternalName());
            method.visitInsn(Opcodes.ARETURN);
        } else {
            method.visitMethodInsn(Opcodes.INVOKESTATIC, VARIABLES, "get",
                    "(Ljava/lang/Object;J)Ljava/lang/Object;", false);
            method.visitInsn(Opcodes.DUP);
            Label stored = new Label();
            method.visitJumpInsn(Opcodes.IFNONNULL, stored);
            method.visitInsn(Opcodes.POP);
            pushInitial(method, type, initial);
            method.visitInsn(type.getOpcode(Opcodes.IRETURN));
            method.visitLabel(stored);
            if (frames) {
                method.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {"java/lang/Object"});
            }
            Type box = box(type);
            method.visitTypeInsn(Opcodes.CHECKCAST, box.getInternalName());
            method.visitMethodInsn(Opcodes.INVOKEVIRTUAL, box.getInternalName(),
                    type.getClassName() + "Value", "()" + type.getDescriptor(), false);
            method.visitInsn(type.getOpcode(Opcodes.IRETURN));
        }
        method.visitMaxs(0, 0);
        method.visitEnd();
    }

    private static void setter(MethodVisitor method, long id, Type type) {
        method.visitCode();
        method.visitVarInsn(Opcodes.ALOAD, 0);
        method.visitLdcInsn(id);
        method.visitVarInsn(type.getOpcode(Opcodes.ILOAD), 1);
        if (type.getSort() != Type.OBJECT && type.getSort() != Type.ARRAY) {
            Type box = box(type);
            method.visitMethodInsn(Opcodes.INVOKESTATIC, box.getInternalName(), "valueOf",
                    "(" + type.getDescriptor() + ")" + box.getDescriptor(), false);
        }
        method.visitMethodInsn(Opcodes.INVOKESTATIC, VARIABLES, "set",
                "(Ljava/lang/Object;JLjava/lang/Object;)V", false);
        method.visitInsn(Opcodes.RETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
    }

    private static void pushInitial(MethodVisitor method, Type type, Object initial) {
        if (initial != null) {
            method.visitLdcInsn(initial);
            return;
        }
        switch (type.getSort()) {
            case Type.LONG -> method.visitInsn(Opcodes.LCONST_0);
            case Type.FLOAT -> method.visitInsn(Opcodes.FCONST_0);
            case Type.DOUBLE -> method.visitInsn(Opcodes.DCONST_0);
            default -> method.visitInsn(Opcodes.ICONST_0);
        }
    }

    private static Type box(Type primitive) {
        return Type.getObjectType(switch (primitive.getSort()) {
            case Type.BOOLEAN -> "java/lang/Boolean";
            case Type.BYTE -> "java/lang/Byte";
            case Type.CHAR -> "java/lang/Character";
            case Type.SHORT -> "java/lang/Short";
            case Type.INT -> "java/lang/Integer";
            case Type.LONG -> "java/lang/Long";
            case Type.FLOAT -> "java/lang/Float";
            default -> "java/lang/Double";
        });
    }
}
