package io.jlivepatch.dispatch;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;

/**
 * The bootstrap of a constructor replacement's assignment of a final field of its target. The
 * replacement runs in a hidden class, called from the target's constructor after its
 * {@code super(...)} call, where the JVM forbids {@code putfield} on the target's final fields;
 * the object is still under construction, so the assignment is what the new constructor does,
 * made through a setter of the field opened by reflection. HotSpot does not fold instance final
 * fields of ordinary classes into compiled code, so the value written is the value read.
 */
public final class FinalFields {

    private FinalFields() {
    }

    /**
     * @param caller the hidden class holding the replacement
     * @param name the field's name
     * @param type {@code (Target, FieldType)void}
     * @param owner the class declaring the field
     * @return a call site that assigns the field
     * @throws ReflectiveOperationException if the field is not there
     */
    public static CallSite setter(MethodHandles.Lookup caller, String name, MethodType type,
            Class<?> owner) throws ReflectiveOperationException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return new ConstantCallSite(MethodHandles.privateLookupIn(owner, caller)
                .unreflectSetter(field).asType(type));
    }
}
