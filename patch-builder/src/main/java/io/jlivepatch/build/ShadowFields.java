package io.jlivepatch.build;

import io.jlivepatch.core.hash.ClassHash;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;

/**
 * The new instance fields of one class, carried as shadow variables
 * ({@code io.jlivepatch.api.ShadowVariables}) keyed by the object: the running class cannot get
 * fields, so the carried code's {@code getfield} and {@code putfield} of them call a static
 * accessor of a class the patch adds beside the target ({@link ShadowFieldsWriter}). An object
 * that has no variable yet (one built before the patch) reads the field's initial value: the
 * constant of its initialiser when it has one that depends on nothing else, else the type's
 * default.
 *
 * @param name the accessor class's internal name, in the target's package
 * @param owner the class's name in the new build
 * @param target the class's name in the old build, which the JVM runs
 * @param fields the new instance fields
 */
record ShadowFields(String name, String owner, String target, List<Field> fields) {

    /**
     * One new instance field.
     *
     * @param name its name
     * @param descriptor its type's descriptor
     * @param initial the value an object built before the patch reads: a constant of the
     *     field's type ({@code Integer}, {@code Long}, {@code Float}, {@code Double},
     *     {@code String}) or {@code null} for the type's default
     */
    record Field(String name, String descriptor, Object initial) {

        /** @return the key {@code name + ":" + descriptor} */
        String key() {
            return name + ":" + descriptor;
        }
    }

    /** @param name the accessor class @param owner new-build name @param target old-build name */
    ShadowFields(String name, String owner, String target) {
        this(name, owner, target, new ArrayList<>());
    }

    /** @return whether it carries that field ({@code name + ":" + descriptor}) */
    boolean holds(String fieldKey) {
        return fields.stream().anyMatch(f -> f.key().equals(fieldKey));
    }

    /**
     * @param fieldKey a carried field's {@code name + ":" + descriptor}
     * @return the shadow variable's id: the same for every patch built from the same release,
     *     so that a cumulative patch that replaces another keeps the objects' values
     */
    long id(String fieldKey) {
        return Long.parseUnsignedLong(ClassHash.digest("new instance field " + target + "."
                + fieldKey), 16);
    }

    /** @return the descriptor of the accessor that reads the field */
    String getter(String fieldKey) {
        return "(L" + owner + ";)" + fieldKey.substring(fieldKey.indexOf(':') + 1);
    }

    /** @return the descriptor of the accessor that writes the field */
    String setter(String fieldKey) {
        return "(L" + owner + ";" + fieldKey.substring(fieldKey.indexOf(':') + 1) + ")V";
    }

    /**
     * @param field a carried field
     * @return how the report names the value an object built before the patch reads
     */
    static String initialInWords(Field field) {
        if (field.initial() instanceof String text) {
            return '"' + text + "\" (its initialiser)";
        } else if (field.initial() != null) {
            return (field.descriptor().equals("Z") ? String.valueOf(!field.initial().equals(0))
                    : String.valueOf(field.initial())) + " (its initialiser)";
        }
        return switch (Type.getType(field.descriptor()).getSort()) {
            case Type.OBJECT, Type.ARRAY -> "null (the type's default)";
            case Type.BOOLEAN -> "false (the type's default)";
            case Type.FLOAT -> "0.0 (the type's default)";
            case Type.DOUBLE -> "0.0 (the type's default)";
            default -> "0 (the type's default)";
        };
    }
}
