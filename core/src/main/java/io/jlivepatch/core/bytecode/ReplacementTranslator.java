package io.jlivepatch.core.bytecode;

import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.PatchObject.ShadowMember;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.ModuleVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.RecordComponentVisitor;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypePath;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

/**
 * Translates a {@code @Patch} class into the bytes of a hidden class that is defined as a
 * nestmate of the target: every replacement and helper becomes a static method whose parameter 0
 * is the former {@code this} (so locals and frames stay valid and instructions copy unchanged),
 * references to the patch class become references to the target, and the few instructions a
 * nestmate may not execute are rewritten:
 * <ul>
 * <li>calls of the patch's own helpers become {@code invokestatic} of the hidden class;</li>
 * <li>calls of target methods (shadows, replaced methods) use {@code invokevirtual} or
 *     {@code invokeinterface}, never {@code invokespecial}, which does not verify outside the
 *     target itself;</li>
 * <li>{@code super.m(...)} becomes an {@code invokedynamic} bound with {@code findSpecial} as
 *     the target;</li>
 * <li>static fields of the patch class that are not shadows move to the hidden class;</li>
 * <li>lambdas and method references bootstrap through {@code Dispatch.lambda}, not
 *     {@code LambdaMetafactory}: the JDK's lambda class is a nestmate of the hidden class,
 *     defined strongly in the target's loader, so it would keep the hidden class loaded as long
 *     as the target (JDK 25), or it cannot name the hidden class at all (JDK 17).</li>
 * </ul>
 */
public final class ReplacementTranslator {

    private static final Handle INVOKE_SPECIAL = new Handle(Opcodes.H_INVOKESTATIC,
            "io/jlivepatch/dispatch/Dispatch", "invokeSpecial",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
                    + "Ljava/lang/invoke/MethodType;Ljava/lang/Class;)"
                    + "Ljava/lang/invoke/CallSite;", false);

    private static final Handle FINAL_SETTER = new Handle(Opcodes.H_INVOKESTATIC,
            "io/jlivepatch/dispatch/FinalFields", "setter",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
                    + "Ljava/lang/invoke/MethodType;Ljava/lang/Class;)"
                    + "Ljava/lang/invoke/CallSite;", false);

    private static final Handle LAMBDA_PROXY = new Handle(Opcodes.H_INVOKESTATIC,
            "io/jlivepatch/dispatch/Dispatch", "lambda",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
                    + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;"
                    + "Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)"
                    + "Ljava/lang/invoke/CallSite;", false);

    private ReplacementTranslator() {
    }

    /**
     * Translates a patch object's class.
     *
     * @param object the patch object
     * @param target the target class's shape
     * @param hiddenName the internal name to give the hidden class, in the target's package
     * @param renames patch class to target class, for every {@code @Patch} class of the patch
     * @return the hidden class bytes; a replacement of {@code m(P)R} is the static method
     *     {@code m(LTarget;P)R} (instance) or {@code m(P)R} (static)
     */
    public static byte[] translate(PatchObject object, TargetShape target, String hiddenName,
            Map<String, String> renames) {
        ClassReader reader = new ClassReader(object.patchClassBytes());
        ClassWriter writer = new ClassWriter(0);
        Map<String, String> mapping = new HashMap<>(renames);
        mapping.put(object.patchClass(), target.internalName());
        ClassVisitor remap = new ClassRemapper(writer, new SimpleRemapper(mapping));
        Members members = Members.of(reader, object);
        reader.accept(new Translate(remap, object, target, hiddenName, members), 0);
        return writer.toByteArray();
    }

    private static boolean isMetafactory(Handle bootstrap) {
        return bootstrap.getOwner().equals("java/lang/invoke/LambdaMetafactory")
                && bootstrap.getName().equals("metafactory");
    }

    /**
     * @param patchClassBytes a patch class
     * @return whether it creates lambdas that a replacement cannot make: those that need
     *     {@code LambdaMetafactory.altMetafactory} (serializable lambdas, marker interfaces,
     *     bridges), which only the JDK's lambda classes provide
     */
    public static boolean usesUnsupportedLambdas(byte[] patchClassBytes) {
        boolean[] found = new boolean[1];
        new ClassReader(patchClassBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInvokeDynamicInsn(String indyName, String indyDescriptor,
                            Handle bootstrap, Object... arguments) {
                        found[0] |= bootstrap.getOwner()
                                .equals("java/lang/invoke/LambdaMetafactory")
                                && !isMetafactory(bootstrap);
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found[0];
    }

    /** The name of a constructor's replacement in the hidden class. */
    private static final String CONSTRUCTOR_BODY = "jlp$constructor";

    /**
     * @param name a replaced method's name
     * @return the name of its replacement in the hidden class
     */
    public static String implName(String name) {
        return name.equals("<init>") ? CONSTRUCTOR_BODY : name;
    }

    /**
     * The final fields of the target that a constructor replacement assigns: the JVM allows
     * {@code putfield} on them only inside the target's own constructors, so the translation
     * assigns them through {@code FinalFields}, and the replacement must assign every final
     * field the constructor it replaces assigns.
     *
     * @param object the patch object
     * @param target the target's shape
     * @param descriptor the replaced constructor's descriptor
     * @return the names of the final fields it assigns, empty if none
     */
    public static Set<String> finalFieldsAssigned(PatchObject object, TargetShape target,
            String descriptor) {
        Set<String> assigned = new java.util.TreeSet<>();
        new ClassReader(object.patchClassBytes()).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String methodDescriptor,
                    String signature, String[] exceptions) {
                if (!name.equals("<init>") || !methodDescriptor.equals(descriptor)) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field,
                            String fieldDescriptor) {
                        Integer access = target.fields().get(field + ":" + fieldDescriptor);
                        if (opcode == Opcodes.PUTFIELD && owner.equals(object.patchClass())
                                && access != null && (access & Opcodes.ACC_FINAL) != 0) {
                            assigned.add(field);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return assigned;
    }

    /** @return the descriptor of a member as a static method of the hidden class */
    public static String staticDescriptor(String targetInternalName, boolean isStatic,
            String descriptor) {
        return isStatic ? descriptor : "(L" + targetInternalName + ";" + descriptor.substring(1);
    }

    /** What the patch class declares: its helpers and its own static fields. */
    private record Members(Set<String> helpers, Set<String> instanceHelpers,
            Set<String> staticFields, Set<String> shadows) {

        static Members of(ClassReader reader, PatchObject object) {
            Set<String> shadows = new HashSet<>();
            for (ShadowMember shadow : object.shadows()) {
                shadows.add(shadow.isField() ? shadow.name() + ":" + shadow.descriptor()
                        : shadow.name() + shadow.descriptor());
            }
            Set<String> helpers = new HashSet<>();
            Set<String> instanceHelpers = new HashSet<>();
            Set<String> staticFields = new HashSet<>();
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public FieldVisitor visitField(int access, String name, String descriptor,
                        String signature, Object value) {
                    String key = name + ":" + descriptor;
                    if ((access & Opcodes.ACC_STATIC) != 0 && !shadows.contains(key)) {
                        staticFields.add(key);
                    }
                    return null;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor,
                        String signature, String[] exceptions) {
                    String key = name + descriptor;
                    boolean concrete = (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
                    if (concrete && !name.startsWith("<") && !shadows.contains(key)) {
                        helpers.add(key);
                        if ((access & Opcodes.ACC_STATIC) == 0) {
                            instanceHelpers.add(key);
                        }
                    }
                    return null;
                }
            }, ClassReader.SKIP_CODE);
            // Replacements are copied like helpers, but calls to them go to the target method,
            // so that they dispatch (overrides, other patches) like any call.
            object.functions().forEach(f -> helpers.remove(f.key()));
            return new Members(helpers, instanceHelpers, staticFields, shadows);
        }

        boolean isCopied(String key) {
            return helpers.contains(key);
        }
    }

    /** Reshapes the patch class into the hidden class, before the type renames. */
    private static final class Translate extends ClassVisitor {
        private final PatchObject object;
        private final TargetShape target;
        private final String hiddenName;
        private final Members members;
        private final Set<String> replacements = new HashSet<>();

        Translate(ClassVisitor next, PatchObject object, TargetShape target, String hiddenName,
                Members members) {
            // The hidden class is defined on its own, outside the patch class's nest.
            super(Opcodes.ASM9, new WithoutNesting(next));
            this.object = object;
            this.target = target;
            this.hiddenName = hiddenName;
            this.members = members;
            // A constructor replaced whole runs inside the target's own constructor instead.
            object.functions().stream().filter(f -> !ConstructorBody.replacesWhole(
                    object.patchClassBytes(), f.key())).forEach(f -> replacements.add(f.key()));
        }

        @Override
        public void visit(int version, int access, String name, String signature,
                String superName, String[] interfaces) {
            super.visit(VersionRaise.woven(version),
                    Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC,
                    hiddenName, null, "java/lang/Object", null);
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            return null;
        }

        @Override
        public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath,
                String descriptor, boolean visible) {
            return null;
        }

        @Override
        public void visitAttribute(Attribute attribute) {
        }

        @Override
        public ModuleVisitor visitModule(String name, int access, String version) {
            return null;
        }

        @Override
        public RecordComponentVisitor visitRecordComponent(String name, String descriptor,
                String signature) {
            return null;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor,
                String signature, Object value) {
            if (!members.staticFields.contains(name + ":" + descriptor)) {
                return null;
            }
            return super.visitField(access & ~Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC, name,
                    descriptor, signature, value);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor,
                String signature, String[] exceptions) {
            String key = name + descriptor;
            boolean clinit = name.equals("<clinit>");
            if (!clinit && !members.isCopied(key) && !replacements.contains(key)) {
                return null;
            }
            boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
            int newAccess = (access | Opcodes.ACC_STATIC)
                    & ~(Opcodes.ACC_SYNCHRONIZED | Opcodes.ACC_BRIDGE | Opcodes.ACC_ABSTRACT);
            String newDescriptor = clinit ? descriptor
                    : staticDescriptor(object.patchClass(), isStatic, descriptor);
            MethodVisitor next = super.visitMethod(newAccess, implName(name), newDescriptor,
                    isStatic ? signature : null, exceptions);
            MethodVisitor rewrite = new Rewrite(next, object.patchClass(), target, hiddenName,
                    members, name.equals("<init>"));
            return name.equals("<init>") ? new AfterSuperCall(rewrite) : rewrite;
        }
    }

    /** Rewrites member references of one copied method, before the type renames. */
    private static final class Rewrite extends MethodVisitor {
        private final String patchClass;
        private final TargetShape target;
        private final String hiddenName;
        private final Members members;
        private final boolean constructor;

        Rewrite(MethodVisitor next, String patchClass, TargetShape target, String hiddenName,
                Members members, boolean constructor) {
            super(Opcodes.ASM9, next);
            this.constructor = constructor;
            this.patchClass = patchClass;
            this.target = target;
            this.hiddenName = hiddenName;
            this.members = members;
        }

        @Override
        public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor,
                boolean visible) {
            return null;
        }

        @Override
        public void visitAnnotableParameterCount(int parameterCount, boolean visible) {
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            return null;
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            if (owner.equals(patchClass) && members.staticFields.contains(name + ":" + descriptor)) {
                owner = hiddenName;
            }
            Integer access = target.fields().get(name + ":" + descriptor);
            if (constructor && opcode == Opcodes.PUTFIELD && owner.equals(patchClass)
                    && access != null && (access & Opcodes.ACC_FINAL) != 0) {
                super.visitInvokeDynamicInsn(name, "(L" + patchClass + ";" + descriptor + ")V",
                        FINAL_SETTER, Type.getObjectType(patchClass));
                return;
            }
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        /**
         * A constructor replacement ends with the release fence that the end of a constructor
         * assigning final fields has, so that the object is safely published with them.
         */
        @Override
        public void visitInsn(int opcode) {
            if (constructor && opcode == Opcodes.RETURN) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/VarHandle",
                        "releaseFence", "()V", false);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                boolean isInterface) {
            String key = name + descriptor;
            if (owner.equals(patchClass) && members.isCopied(key)) {
                boolean isStatic = opcode == Opcodes.INVOKESTATIC;
                super.visitMethodInsn(Opcodes.INVOKESTATIC, hiddenName, name,
                        staticDescriptor(patchClass, isStatic, descriptor), false);
                return;
            }
            if (opcode == Opcodes.INVOKESPECIAL && !name.equals("<init>")
                    && !owner.equals(patchClass)) {
                super.visitInvokeDynamicInsn(name,
                        staticDescriptor(patchClass, false, descriptor), INVOKE_SPECIAL,
                        Type.getObjectType(owner));
                return;
            }
            if (owner.equals(patchClass) && !name.equals("<init>")) {
                Integer access = target.methods().get(key);
                boolean isStatic = access != null ? (access & Opcodes.ACC_STATIC) != 0
                        : opcode == Opcodes.INVOKESTATIC;
                if (isStatic) {
                    opcode = Opcodes.INVOKESTATIC;
                } else {
                    opcode = target.isInterface() ? Opcodes.INVOKEINTERFACE
                            : Opcodes.INVOKEVIRTUAL;
                }
                isInterface = target.isInterface();
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
                Object... arguments) {
            Object[] rewritten = arguments.clone();
            for (int i = 0; i < rewritten.length; i++) {
                if (rewritten[i] instanceof Handle handle) {
                    rewritten[i] = rewriteHandle(handle);
                }
            }
            if (isMetafactory(bootstrap)) {
                bootstrap = LAMBDA_PROXY;
            }
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, rewritten);
        }

        @Override
        public void visitLdcInsn(Object value) {
            super.visitLdcInsn(value instanceof Handle handle ? rewriteHandle(handle) : value);
        }

        /** Method handles to the patch's own helpers (lambda bodies) point into the hidden class. */
        private Handle rewriteHandle(Handle handle) {
            String key = handle.getName() + handle.getDesc();
            if (!handle.getOwner().equals(patchClass) || !members.isCopied(key)) {
                return handle;
            }
            boolean isStatic = handle.getTag() == Opcodes.H_INVOKESTATIC;
            return new Handle(Opcodes.H_INVOKESTATIC, hiddenName, handle.getName(),
                    staticDescriptor(patchClass, isStatic, handle.getDesc()), false);
        }
    }
}
