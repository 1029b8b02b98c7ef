package io.jlivepatch.core.bytecode;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** The locals of a stack map frame (in ASM's expanded form) that hold a method's parameters. */
public final class FrameLocals {

    private FrameLocals() {
    }

    /**
     * @param self the type of local 0 ({@link Opcodes#UNINITIALIZED_THIS} or a class name)
     * @param descriptor the method descriptor
     * @return {@code self}, then the verification type of each parameter
     */
    public static Object[] of(Object self, String descriptor) {
        Type[] arguments = Type.getArgumentTypes(descriptor);
        Object[] locals = new Object[arguments.length + 1];
        locals[0] = self;
        for (int i = 0; i < arguments.length; i++) {
            locals[i + 1] = switch (arguments[i].getSort()) {
                case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.INTEGER;
                case Type.FLOAT -> Opcodes.FLOAT;
                case Type.LONG -> Opcodes.LONG;
                case Type.DOUBLE -> Opcodes.DOUBLE;
                default -> arguments[i].getInternalName();
            };
        }
        return locals;
    }
}
