package io.jlivepatch.core.bytecode;

import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Weaves the redirect prologue into chosen methods of a class, leaving every other byte as it
 * was:
 * <pre>
 *   invokedynamic impl()MethodHandle  // Dispatch.impl(funcId, callType): the one decision
 *   dup
 *   ifnull ORIGINAL                    // F_SAME1 [MethodHandle] frame
 *   load this and the arguments
 *   invokevirtual MethodHandle.invokeExact(callType)
 *   return
 * ORIGINAL:
 *   pop
 *   the original body, untouched
 * </pre>
 * The answer of the one {@code invokedynamic} is used as it is: nothing after it reads dispatch
 * state again, so a call cannot combine two decisions. Frames are not recomputed (that would
 * load classes inside a transformer); the prologue needs only the one frame at its branch target,
 * whose locals are the method's implicit initial frame, so the body's own frames, deltas from
 * that frame, keep their meaning.
 *
 * <p>In a constructor the prologue goes right after the {@code super(...)} or {@code this(...)}
 * call, where {@code this} is initialised, and its frame is a full one (locals: {@code this}
 * and the parameters). That is exact only if nothing before the call stored a local variable,
 * which is checked; the first frame of the original code after the call is necessarily a full
 * frame too (the type of {@code this} changed), so the inserted frame changes the meaning of
 * no other.
 *
 * <p>A class file before Java 7 is woven as one of Java 7 ({@link VersionRaise}).
 *
 * <p>{@link #weave} is the seam for other class-file producers: {@link Prologue} emits the
 * instructions and frame for one method given its owner, access, descriptor and function id.
 */
public final class PrologueWeaver {

    private static final String DISPATCH = "io/jlivepatch/dispatch/Dispatch";
    private static final String METHOD_HANDLE = "java/lang/invoke/MethodHandle";
    private static final String BOOTSTRAP_DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;"
            + "Ljava/lang/String;Ljava/lang/invoke/MethodType;ILjava/lang/invoke/MethodType;)"
            + "Ljava/lang/invoke/CallSite;";
    private static final Handle IMPL = new Handle(Opcodes.H_INVOKESTATIC, DISPATCH,
            io.jlivepatch.dispatch.Dispatch.IMPL_NAME, BOOTSTRAP_DESCRIPTOR, false);

    private PrologueWeaver() {
    }

    /**
     * Weaves the prologue into the given methods.
     *
     * @param classBytes the class as the JVM reports it
     * @param funcIds function id by method key ({@code name + descriptor})
     * @return the woven class bytes
     * @throws IllegalArgumentException if a method of {@code funcIds} is missing or has no code
     */
    public static byte[] weave(byte[] classBytes, Map<String, Integer> funcIds) {
        return weave(classBytes, funcIds, Map.of());
    }

    /**
     * Weaves the prologue into the given methods, and into constructors with whole bodies the
     * decision between those bodies and the original ({@link WholeConstructor}).
     *
     * @param classBytes the class as the JVM reports it
     * @param funcIds function id by method key ({@code name + descriptor})
     * @param bodies the whole bodies of constructors of {@code funcIds}, by method key
     * @return the woven class bytes
     * @throws IllegalArgumentException if a method of {@code funcIds} is missing or has no code
     */
    public static byte[] weave(byte[] classBytes, Map<String, Integer> funcIds,
            Map<String, List<ConstructorBody>> bodies) {
        ClassReader reader = new ClassReader(classBytes);
        ClassNode expanded = new ClassNode();
        if (!bodies.isEmpty()) {
            reader.accept(expanded, ClassReader.EXPAND_FRAMES);
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        int[] woven = new int[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            private String owner;

            @Override
            public void visit(int version, int access, String name, String signature,
                    String superName, String[] interfaces) {
                owner = name;
                super.visit(VersionRaise.woven(version), access, name, signature, superName,
                        interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature,
                        exceptions);
                Integer id = funcIds.get(name + descriptor);
                if (id == null) {
                    return next;
                }
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                    throw new IllegalArgumentException(owner + "." + name + descriptor
                            + " has no code to redirect");
                }
                woven[0]++;
                List<ConstructorBody> whole = bodies.getOrDefault(name + descriptor, List.of());
                if (!whole.isEmpty()) {
                    MethodNode method = expanded.methods.stream()
                            .filter(m -> (m.name + m.desc).equals(name + descriptor))
                            .findFirst().orElseThrow();
                    WholeConstructor.weave(owner, method, id, IMPL, whole);
                    method.accept(next);
                    return null;
                }
                return new Prologue(next, owner, access, name, descriptor, id);
            }
        }, 0);
        if (woven[0] != funcIds.size()) {
            throw new IllegalArgumentException("class " + reader.getClassName()
                    + " lacks some of the methods " + funcIds.keySet());
        }
        return writer.toByteArray();
    }

    /** The call type of the prologue: receiver (if any) and parameters. */
    public static String callDescriptor(String owner, int access, String descriptor) {
        if ((access & Opcodes.ACC_STATIC) != 0) {
            return descriptor;
        }
        return "(L" + owner + ";" + descriptor.substring(1);
    }

    /** Emits the prologue at the start of the code, or after a constructor's super call. */
    private static final class Prologue extends MethodVisitor {
        private final String owner;
        private final String method;
        private final String callDescriptor;
        private final int funcId;
        private final Type[] arguments;
        private final boolean isStatic;
        private final Type returnType;
        private final boolean constructor;
        /** In a constructor: where its super or this call is. */
        private final SuperCall superCall = new SuperCall();
        private boolean emitted;

        Prologue(MethodVisitor next, String owner, int access, String name, String descriptor,
                int funcId) {
            super(Opcodes.ASM9, next);
            this.owner = owner;
            this.method = name + descriptor;
            this.callDescriptor = callDescriptor(owner, access, descriptor);
            this.funcId = funcId;
            this.arguments = Type.getArgumentTypes(descriptor);
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.returnType = Type.getReturnType(descriptor);
            this.constructor = name.equals("<init>");
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (!constructor) {
                emitPrologue();
            }
        }

        private void emitPrologue() {
            emitted = true;
            Label original = new Label();
            super.visitInvokeDynamicInsn(io.jlivepatch.dispatch.Dispatch.IMPL_NAME,
                    "()L" + METHOD_HANDLE + ";", IMPL, funcId, Type.getMethodType(callDescriptor));
            super.visitInsn(Opcodes.DUP);
            super.visitJumpInsn(Opcodes.IFNULL, original);
            int slot = 0;
            if (!isStatic) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                slot = 1;
            }
            for (Type argument : arguments) {
                super.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), slot);
                slot += argument.getSize();
            }
            super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, METHOD_HANDLE, "invokeExact",
                    callDescriptor, false);
            super.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
            super.visitLabel(original);
            emitFrame();
            super.visitInsn(Opcodes.POP);
        }

        /** The frame at the original body's branch: the entry locals, the answer on the stack. */
        private void emitFrame() {
            Object[] stack = {METHOD_HANDLE};
            if (!constructor) {
                super.visitFrame(Opcodes.F_SAME1, 0, null, 1, stack);
                return;
            }
            Object[] locals = new Object[arguments.length + 1];
            locals[0] = owner;
            for (int i = 0; i < arguments.length; i++) {
                locals[i + 1] = frameType(arguments[i]);
            }
            super.visitFrame(Opcodes.F_FULL, locals.length, locals, 1, stack);
        }

        private static Object frameType(Type type) {
            return switch (type.getSort()) {
                case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.INTEGER;
                case Type.FLOAT -> Opcodes.FLOAT;
                case Type.LONG -> Opcodes.LONG;
                case Type.DOUBLE -> Opcodes.DOUBLE;
                default -> type.getInternalName();
            };
        }

        /** Before a constructor's super call: a store would make the inserted frame wrong. */
        private void checkNoStore(int opcode) {
            if (constructor && !emitted && (opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE
                    || opcode == Opcodes.IINC)) {
                throw new IllegalArgumentException("constructor " + owner + "." + method
                        + " stores local variables before its super(...) or this(...) call;"
                        + " the prologue cannot be placed after that call safely");
            }
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            checkNoStore(opcode);
            super.visitVarInsn(opcode, varIndex);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            superCall.typeInsn(opcode);
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                boolean isInterface) {
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            if (constructor && superCall.isCall(opcode, name)) {
                emitPrologue();
            }
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
            checkNoStore(Opcodes.IINC);
            super.visitIincInsn(varIndex, increment);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (!emitted) {
                throw new IllegalArgumentException("constructor " + owner + "." + method
                        + " has no super(...) or this(...) call the prologue can follow");
            }
            int argumentSlots = isStatic ? 0 : 1;
            for (Type argument : arguments) {
                argumentSlots += argument.getSize();
            }
            int prologueStack = Math.max(1 + argumentSlots, Math.max(2, returnType.getSize()));
            super.visitMaxs(Math.max(maxStack, prologueStack), maxLocals);
        }
    }
}
