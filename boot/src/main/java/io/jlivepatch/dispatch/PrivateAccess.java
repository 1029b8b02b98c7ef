package io.jlivepatch.dispatch;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The bootstraps of a patch's uses of private members of the application's classes from classes
 * the patch adds beside them (new classes, holders). Those are not nestmates of the running
 * classes, so the build turns each such field or method instruction into an
 * {@code invokedynamic} linked here, once, through a private lookup in the member's class.
 */
public final class PrivateAccess {

    private PrivateAccess() {
    }

    /**
     * @param caller the class the patch added
     * @param name the field's name
     * @param type the instruction's stack effect: {@code (Owner)T} for getfield,
     *     {@code (Owner,T)void} for putfield, {@code ()T} for getstatic, {@code (T)void} for
     *     putstatic
     * @param owner the class declaring the field
     * @param opcode the field instruction it stands for
     * @return a call site that reads or writes the field
     * @throws ReflectiveOperationException if the field is not there
     */
    public static CallSite field(MethodHandles.Lookup caller, String name, MethodType type,
            Class<?> owner, int opcode) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, caller);
        MethodHandle handle = switch (opcode) {
            case 0xb4 -> lookup.findGetter(owner, name, type.returnType());
            case 0xb5 -> lookup.findSetter(owner, name, type.parameterType(1));
            case 0xb2 -> lookup.findStaticGetter(owner, name, type.returnType());
            case 0xb3 -> lookup.findStaticSetter(owner, name, type.parameterType(0));
            default -> throw new IllegalArgumentException("not a field instruction: " + opcode);
        };
        return new ConstantCallSite(handle.asType(type));
    }

    /**
     * @param caller the class the patch added
     * @param name the method's name
     * @param type the call's type, the receiver first for an instance method
     * @param owner the class declaring the method
     * @param isStatic whether it is a static method
     * @return a call site that calls the method
     * @throws ReflectiveOperationException if the method is not there
     */
    public static CallSite method(MethodHandles.Lookup caller, String name, MethodType type,
            Class<?> owner, int isStatic) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, caller);
        MethodHandle handle = isStatic != 0 ? lookup.findStatic(owner, name, type)
                : lookup.findSpecial(owner, name, type.dropParameterTypes(0, 1), owner);
        return new ConstantCallSite(handle.asType(type));
    }
}
