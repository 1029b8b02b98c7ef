package io.jlivepatch.build;

import io.jlivepatch.core.bytecode.VersionRaise;
import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Turns the uses of private members of the application's classes, in code the patch adds as
 * classes of their own (new classes, holders), into {@code invokedynamic} instructions linked by
 * {@code io.jlivepatch.dispatch.PrivateAccess}: such code was a nestmate of those classes in the
 * new build, but is not in the running JVM. Works in the new build's names; the classes it rewrites
 * are written as class files of Java 7 or later ({@link VersionRaise}).
 */
final class PrivateAccesses {

    private static final String BOOTSTRAP_TYPE = "(Ljava/lang/invoke/MethodHandles$Lookup;"
            + "Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/Class;I)"
            + "Ljava/lang/invoke/CallSite;";
    private static final Handle FIELD = new Handle(Opcodes.H_INVOKESTATIC,
            "io/jlivepatch/dispatch/PrivateAccess", "field", BOOTSTRAP_TYPE, false);
    private static final Handle METHOD = new Handle(Opcodes.H_INVOKESTATIC,
            "io/jlivepatch/dispatch/PrivateAccess", "method", BOOTSTRAP_TYPE, false);

    private final Map<String, byte[]> classes;
    private final Map<String, Integer> access = new HashMap<>();
    private final java.util.Set<String> shadowed;

    /**
     * @param classes the new build's classes
     * @param shadowed the new instance fields carried as shadow variables, each
     *     {@code owner.name:descriptor}: their accessors are public
     */
    PrivateAccesses(Map<String, byte[]> classes, java.util.Set<String> shadowed) {
        this.classes = classes;
        this.shadowed = shadowed;
    }

    /**
     * @param owner a class of the new build
     * @param member {@code name + descriptor} of a method, {@code name + ":" + descriptor} of a
     *     field
     * @return whether the new build declares it private in that class
     */
    boolean isPrivate(String owner, String member) {
        byte[] bytes = classes.get(owner);
        if (bytes == null || shadowed.contains(owner + "." + member)) {
            return false;
        }
        if (!access.containsKey(owner)) {
            access.put(owner, 0);
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public FieldVisitor visitField(int flags, String name, String descriptor,
                        String signature, Object value) {
                    access.put(owner + "." + name + ":" + descriptor, flags);
                    return null;
                }

                @Override
                public MethodVisitor visitMethod(int flags, String name, String descriptor,
                        String signature, String[] exceptions) {
                    access.put(owner + "." + name + descriptor, flags);
                    return null;
                }
            }, ClassReader.SKIP_CODE);
        }
        Integer flags = access.get(owner + "." + member);
        return flags != null && (flags & Opcodes.ACC_PRIVATE) != 0;
    }

    /**
     * @param self the class, in the new build's names, whose methods these are
     * @param next the visitor to pass the rewritten class on to
     * @return a class visitor that rewrites private uses of other classes' members
     */
    ClassVisitor classes(String self, ClassVisitor next) {
        return new ClassVisitor(Opcodes.ASM9, next) {
            @Override
            public void visit(int version, int flags, String name, String signature,
                    String superName, String[] interfaces) {
                super.visit(VersionRaise.woven(version), flags, name, signature, superName,
                        interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int flags, String name, String descriptor,
                    String signature, String[] exceptions) {
                return method(self, super.visitMethod(flags, name, descriptor, signature,
                        exceptions));
            }
        };
    }

    /**
     * @param self the class whose code it is, whose own members stay as they are
     * @param next the visitor to pass the rewritten code on to
     * @return a method visitor that rewrites private uses of other classes' members
     */
    MethodVisitor method(String self, MethodVisitor next) {
        return new MethodVisitor(Opcodes.ASM9, next) {
            @Override
            public void visitFieldInsn(int opcode, String owner, String name,
                    String descriptor) {
                if (owner.equals(self) || !isPrivate(owner, name + ":" + descriptor)) {
                    super.visitFieldInsn(opcode, owner, name, descriptor);
                    return;
                }
                String receiver = "L" + owner + ";";
                String type = switch (opcode) {
                    case Opcodes.GETFIELD -> "(" + receiver + ")" + descriptor;
                    case Opcodes.PUTFIELD -> "(" + receiver + descriptor + ")V";
                    case Opcodes.GETSTATIC -> "()" + descriptor;
                    default -> "(" + descriptor + ")V";
                };
                super.visitInvokeDynamicInsn(name, type, FIELD, Type.getObjectType(owner),
                        opcode);
            }

            private boolean tagged;

            @Override
            public void visitMethodInsn(int opcode, String owner, String name,
                    String descriptor, boolean isInterface) {
                String twin = owner.equals(self) || !name.equals("<init>")
                        || !isPrivate(owner, name + descriptor) ? null
                        : accessConstructor(classes.get(owner), descriptor);
                if (twin != null) {
                    tagged = true;
                    super.visitInsn(Opcodes.ACONST_NULL);
                    super.visitMethodInsn(opcode, owner, name, twin, false);
                    return;
                }
                if (owner.equals(self) || name.startsWith("<")
                        || !isPrivate(owner, name + descriptor)) {
                    super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                    return;
                }
                boolean isStatic = opcode == Opcodes.INVOKESTATIC;
                String type = isStatic ? descriptor : "(L" + owner + ";" + descriptor.substring(1);
                super.visitInvokeDynamicInsn(name, type, METHOD, Type.getObjectType(owner),
                        isStatic ? 1 : 0);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                super.visitMaxs(tagged ? maxStack + 1 : maxStack, maxLocals);
            }
        };
    }

    /**
     * javac before Java 11 gives a private constructor that another class of its nest calls a
     * synthetic package-private twin, with one more parameter of an empty tag class (always
     * {@code null}), that calls it: code outside the nest reaches the private constructor
     * through the twin.
     *
     * @param classBytes a class
     * @param descriptor the descriptor of one of its private constructors
     * @return the twin's descriptor, or {@code null} if it has none
     */
    static String accessConstructor(byte[] classBytes, String descriptor) {
        String[] found = new String[1];
        String head = descriptor.substring(0, descriptor.length() - 2) + "L";
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int flags, String name, String twin,
                    String signature, String[] exceptions) {
                if (name.equals("<init>") && (flags & Opcodes.ACC_SYNTHETIC) != 0
                        && (flags & Opcodes.ACC_PRIVATE) == 0 && twin.startsWith(head)
                        && twin.indexOf(';', head.length()) == twin.length() - 3
                        && twin.endsWith(";)V")) {
                    found[0] = twin;
                }
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return found[0];
    }
}
