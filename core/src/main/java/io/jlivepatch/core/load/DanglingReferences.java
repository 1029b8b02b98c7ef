package io.jlivepatch.core.load;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.model.PatchException.Kind;
import io.jlivepatch.core.model.PatchObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Whether every class, method and field a patch object's code uses exists in the classes it will
 * run with, as the kernel resolves a livepatch module's symbols before it goes live: a patch that
 * calls a member only a newer release has would load and then throw {@code NoSuchMethodError}
 * into the application at every call. {@code jlp build} asks it of the release, {@code jlp
 * verify} of the build it is given, the engine of the running classes.
 *
 * <p>A member is looked up as the JVM resolves it: in the named class, then its superclasses and
 * interfaces. A class the lookup cannot read (a dependency not given to the build) is not
 * judged; a class the target is known not to have is a dangling reference of its own.
 */
public final class DanglingReferences {

    private static final String API = "io/jlivepatch/api/";

    /** The class files of the target, by internal name. */
    @FunctionalInterface
    public interface ClassFiles {
        /**
         * @param internalName a class
         * @return its class file, or {@code null} if it cannot be read
         */
        byte[] read(String internalName);
    }

    private final ClassFiles target;
    private final Predicate<String> absent;
    private final Map<String, ClassShape> shapes = new HashMap<>();

    private DanglingReferences(ClassFiles target, Predicate<String> absent) {
        this.target = target;
        this.absent = absent;
    }

    /**
     * @param patch the patch
     * @param object one of its objects
     * @param target the class files the object's code will run with
     * @param absent whether the target certainly lacks a class it cannot read
     * @return the classes and members the object's code uses that the target lacks, as
     *     {@code com.acme.C.m(I)V}, {@code com.acme.C.f:I} or {@code class com.acme.D}, sorted
     */
    public static Set<String> of(Patch patch, PatchObject object, ClassFiles target,
            Predicate<String> absent) {
        return new DanglingReferences(target, absent).check(patch, object);
    }

    /**
     * @param patch the patch
     * @param object one of its objects
     * @param where the target, for the message
     * @param target the class files the object's code will run with
     * @param absent whether the target certainly lacks a class it cannot read
     * @throws PatchException (INCOMPATIBLE) naming every member the target lacks
     */
    public static void check(Patch patch, PatchObject object, String where, ClassFiles target,
            Predicate<String> absent) throws PatchException {
        Set<String> dangling = of(patch, object, target, absent);
        if (!dangling.isEmpty()) {
            throw new PatchException(Kind.INCOMPATIBLE, "patch '" + patch.name() + "': the code"
                    + " for " + where + " uses " + String.join(", ", dangling) + ", which the"
                    + " classes it would run with do not have: every call would fail with a"
                    + " linkage error; build the patch from the release this JVM runs, with"
                    + " every class that adds them");
        }
    }

    private Set<String> check(Patch patch, PatchObject object) {
        Map<String, String> patchClasses = new HashMap<>();
        for (PatchObject other : patch.objects()) {
            if (!other.isJvm()) {
                patchClasses.put(other.patchClass(), other.targetClass().replace('.', '/'));
            }
        }
        // The patch's own classes, also those another object defines (NewClassHomes).
        Set<String> own = new HashSet<>();
        for (PatchObject any : patch.objects()) {
            any.newClasses().forEach(newClass -> own.add(newClass.internalName()));
        }
        Set<String> dangling = new TreeSet<>();
        List<byte[]> code = new ArrayList<>();
        code.add(object.patchClassBytes());
        object.newClasses().forEach(c -> code.add(c.bytes()));
        for (byte[] bytes : code) {
            ClassShape self = ClassShape.of(bytes);
            for (Reference reference : Reference.in(bytes)) {
                String owner = reference.owner();
                if (owner.startsWith("[") || owner.startsWith(API) || own.contains(owner)
                        || owner.equals(self.name) && self.declares(reference)) {
                    continue;
                }
                if (patchClasses.containsKey(owner)) {
                    if (ClassShape.of(patchBytes(patch, owner)).declares(reference)) {
                        continue;
                    }
                    owner = patchClasses.get(owner);
                }
                String problem = resolve(owner, reference);
                if (problem != null) {
                    dangling.add(problem);
                }
            }
        }
        return dangling;
    }

    private static byte[] patchBytes(Patch patch, String patchClass) {
        return patch.objects().stream().filter(o -> patchClass.equals(o.patchClass()))
                .findFirst().orElseThrow().patchClassBytes();
    }

    /** @return the missing class or member, or {@code null} if found or not judged */
    private String resolve(String owner, Reference reference) {
        ClassShape shape = shape(owner);
        if (shape == null) {
            return absent.test(owner) ? "class " + owner.replace('/', '.') : null;
        }
        if (reference.member() == null) {
            return null;
        }
        Boolean found = find(shape, reference, new HashSet<>());
        return Boolean.FALSE.equals(found) ? owner.replace('/', '.') + "."
                + reference.member() : null;
    }

    /** @return whether the class or a supertype declares it; {@code null} if one is unread */
    private Boolean find(ClassShape shape, Reference reference, Set<String> seen) {
        if (!seen.add(shape.name)) {
            return false;
        }
        if (shape.declares(reference)) {
            return true;
        }
        boolean unknown = false;
        List<String> supertypes = new ArrayList<>(shape.interfaces);
        if (shape.superName != null) {
            supertypes.add(0, shape.superName);
        }
        for (String supertype : supertypes) {
            ClassShape parent = shape(supertype);
            Boolean found = parent == null ? null : find(parent, reference, seen);
            if (Boolean.TRUE.equals(found)) {
                return true;
            }
            unknown |= found == null;
        }
        return unknown ? null : false;
    }

    private ClassShape shape(String name) {
        if (!shapes.containsKey(name)) {
            byte[] bytes = target.read(name);
            shapes.put(name, bytes == null ? null : ClassShape.of(bytes));
        }
        return shapes.get(name);
    }

    /**
     * A use of a class, or of one of its members ({@code name + descriptor} for a method,
     * {@code name + ":" + descriptor} for a field).
     */
    private record Reference(String owner, String member, boolean method) {

        static List<Reference> in(byte[] classBytes) {
            List<Reference> references = new ArrayList<>();
            new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor,
                        String signature, String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitTypeInsn(int opcode, String type) {
                            references.add(new Reference(type, null, false));
                        }

                        @Override
                        public void visitFieldInsn(int opcode, String owner, String field,
                                String fieldDescriptor) {
                            references.add(new Reference(owner, field + ":" + fieldDescriptor,
                                    false));
                        }

                        @Override
                        public void visitMethodInsn(int opcode, String owner, String called,
                                String calledDescriptor, boolean isInterface) {
                            references.add(new Reference(owner, called + calledDescriptor,
                                    true));
                        }

                        @Override
                        public void visitInvokeDynamicInsn(String name, String descriptor,
                                Handle bootstrap, Object... arguments) {
                            for (Object argument : arguments) {
                                handle(argument);
                            }
                        }

                        @Override
                        public void visitLdcInsn(Object value) {
                            handle(value);
                        }

                        private void handle(Object constant) {
                            if (constant instanceof Handle h) {
                                boolean isField = h.getTag() <= Opcodes.H_PUTSTATIC;
                                references.add(new Reference(h.getOwner(), h.getName()
                                        + (isField ? ":" : "") + h.getDesc(), !isField));
                            }
                        }
                    };
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return references;
        }
    }

    /** The name, supertypes and declared members of one class. */
    private static final class ClassShape {
        private String name;
        private String superName;
        private final List<String> interfaces = new ArrayList<>();
        private final Set<String> members = new HashSet<>();
        private final Set<String> methodNames = new HashSet<>();
        private boolean signaturePolymorphic;

        static ClassShape of(byte[] classBytes) {
            ClassShape shape = new ClassShape();
            new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visit(int version, int access, String name, String signature,
                        String superName, String[] interfaces) {
                    shape.name = name;
                    shape.superName = superName;
                    shape.interfaces.addAll(List.of(interfaces == null ? new String[0]
                            : interfaces));
                    shape.signaturePolymorphic = name.equals("java/lang/invoke/MethodHandle")
                            || name.equals("java/lang/invoke/VarHandle");
                }

                @Override
                public FieldVisitor visitField(int access, String name, String descriptor,
                        String signature, Object value) {
                    shape.members.add(name + ":" + descriptor);
                    return null;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor,
                        String signature, String[] exceptions) {
                    shape.members.add(name + descriptor);
                    shape.methodNames.add(name);
                    return null;
                }
            }, ClassReader.SKIP_CODE);
            return shape;
        }

        boolean declares(Reference reference) {
            if (reference.member() == null || members.contains(reference.member())) {
                return true;
            }
            // MethodHandle.invokeExact and VarHandle.get take any descriptor.
            return signaturePolymorphic && reference.method()
                    && methodNames.contains(reference.member().substring(0,
                            reference.member().indexOf('(')));
        }
    }
}
