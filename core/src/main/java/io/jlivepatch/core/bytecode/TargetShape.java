package io.jlivepatch.core.bytecode;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The declared members of a target class, read from the bytes the JVM reports for it, without
 * resolving or loading any other class.
 *
 * @param internalName the class's internal name
 * @param version the class-file major version
 * @param access the class's access flags
 * @param methods access flags by method key ({@code name + descriptor})
 * @param fields access flags by field key ({@code name + ":" + descriptor})
 * @param constructorFinals for each constructor (by method key) that assigns final fields of the
 *     class itself, their names: a replacement could not assign them
 */
public record TargetShape(String internalName, int version, int access,
        Map<String, Integer> methods, Map<String, Integer> fields,
        Map<String, Set<String>> constructorFinals) {

    /** Makes the maps unmodifiable. */
    public TargetShape {
        methods = Map.copyOf(methods);
        fields = Map.copyOf(fields);
        constructorFinals = Map.copyOf(constructorFinals);
    }

    /**
     * Reads the shape of a class.
     *
     * @param classBytes the class bytes
     * @return its shape
     */
    public static TargetShape of(byte[] classBytes) {
        Map<String, Integer> methods = new HashMap<>();
        Map<String, Integer> fields = new HashMap<>();
        Map<String, Set<String>> constructorFinals = new HashMap<>();
        int[] header = new int[2];
        String[] name = new String[1];
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String className, String signature,
                    String superName, String[] interfaces) {
                header[0] = version & 0xFFFF;
                header[1] = access;
                name[0] = className;
            }

            @Override
            public FieldVisitor visitField(int access, String fieldName, String descriptor,
                    String signature, Object value) {
                fields.put(fieldName + ":" + descriptor, access);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String methodName, String descriptor,
                    String signature, String[] exceptions) {
                methods.put(methodName + descriptor, access);
                if (!methodName.equals("<init>")) {
                    return null;
                }
                // Fields are all read before code (the class file lists them first).
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field,
                            String fieldDescriptor) {
                        Integer fieldAccess = fields.get(field + ":" + fieldDescriptor);
                        if (opcode == Opcodes.PUTFIELD && owner.equals(name[0])
                                && fieldAccess != null
                                && (fieldAccess & Opcodes.ACC_FINAL) != 0) {
                            constructorFinals.computeIfAbsent(methodName + descriptor,
                                    k -> new TreeSet<>()).add(field);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new TargetShape(name[0], header[0], header[1], methods, fields,
                constructorFinals);
    }

    /** @return whether the class is an interface */
    public boolean isInterface() {
        return (access & Opcodes.ACC_INTERFACE) != 0;
    }
}
