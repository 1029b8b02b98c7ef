package io.jlivepatch.build;

import io.jlivepatch.build.Difference.Kind;
import org.objectweb.asm.Opcodes;

/**
 * A member whose modifiers changed. A loaded class keeps its members' modifiers (the JVM refuses
 * a retransformation that changes them), so the patch runs the new code under the old ones:
 * that is carried where the old modifiers give the new code what it needs, and refused
 * otherwise.
 *
 * <ul>
 *   <li>{@code final}, varargs, bridge, synthetic: no effect on what runs: ignored.
 *   <li>Narrowed access ({@code protected} to {@code private} ...): the running member stays
 *       reachable by more code than the release lets reach it; nothing the new code does needs
 *       the narrower access: ignored, with a note.
 *   <li>Widened access: carried when every class of the new build that uses the member is one
 *       the old access admits; refused, naming a class, otherwise.
 *   <li>{@code synchronized} removed: the running method still takes the lock, and the new body
 *       runs holding it: carried, with a note. Added: refused (the running method would not take
 *       the lock).
 *   <li>{@code volatile} removed: the field stays volatile: ignored. Added: refused.
 *   <li>{@code static} of a private method: carried as a new helper
 *       ({@link #privateStaticChanged}). Of any other member, and {@code abstract},
 *       {@code native}, {@code transient}, {@code strictfp}: refused.
 * </ul>
 *
 * @param kind what the patch does about it
 * @param detail the report's reason
 */
record ModifierChange(Kind kind, String detail) {

    private static final int NOISE_METHOD = Opcodes.ACC_FINAL | Opcodes.ACC_VARARGS
            | Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC;
    private static final int NOISE_FIELD = Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC;
    private static final int ACCESS = Opcodes.ACC_PUBLIC | Opcodes.ACC_PRIVATE
            | Opcodes.ACC_PROTECTED;

    /** @return whether the patch still carries the member's code */
    boolean carried() {
        return kind != Kind.REFUSED;
    }

    /**
     * @param uses the members' users in the new build
     * @param owner the class declaring the member, in the new build
     * @param key the member's key ({@code name + descriptor}, or {@code name + ":" +
     *     descriptor} of a field)
     * @param field whether it is a field
     * @param before the release's modifiers
     * @param after the new build's
     * @return the verdict
     */
    static ModifierChange of(MemberUses uses, String owner, String key, boolean field,
            int before, int after) {
        int changed = (before ^ after) & ~(field ? NOISE_FIELD : NOISE_METHOD);
        int sync = field ? Opcodes.ACC_VOLATILE : Opcodes.ACC_SYNCHRONIZED;
        String lock = field ? "volatile" : "synchronized";
        if ((changed & sync) != 0 && (after & sync) != 0) {
            return refused(lock + " added: the running " + (field ? "field" : "method")
                    + " keeps its modifiers, so it would stay without it; ship this change"
                    + " in a release");
        }
        if ((changed & ~(ACCESS | sync)) != 0) {
            return refused("modifiers changed (0x" + Integer.toHexString(before) + " to 0x"
                    + Integer.toHexString(after) + "): a loaded class keeps its members"
                    + " as they are; keep the old modifiers");
        }
        String user = (changed & ACCESS) != 0 && rank(after) > rank(before)
                ? notAdmitted(uses, owner, key, before) : null;
        if (user != null) {
            return refused("access widened (0x" + Integer.toHexString(before & ACCESS)
                    + " to 0x" + Integer.toHexString(after & ACCESS) + ") for "
                    + JavacNames.dotted(user) + ", which the running member's access does not"
                    + " admit; keep the old access and reach it another way");
        }
        StringBuilder notes = new StringBuilder();
        if ((changed & ACCESS) != 0) {
            notes.append(rank(after) < rank(before) ? "access narrowed: the running member"
                    + " keeps its wider access, which the new code does not need"
                    : "access widened: every class that uses it is admitted by the running"
                    + " member's access");
        }
        if ((changed & sync) != 0) {
            notes.append(notes.isEmpty() ? "" : "; ").append(field
                    ? "volatile removed: the running field stays volatile"
                    : "synchronized removed: the running method still takes the lock, and the"
                    + " new body runs holding it");
        }
        return new ModifierChange(notes.isEmpty() ? Kind.IGNORED : Kind.NOTICE,
                notes.isEmpty() ? "only the final, varargs, bridge or synthetic modifier"
                        + " differs" : notes.toString());
    }

    /**
     * @return whether a private method became static or stopped being static, and nothing else
     *     changed that counts: only its class can call it, so the patch can carry it as a new
     *     helper beside the running one, which then stays unused
     */
    static boolean privateStaticChanged(int before, int after) {
        int changed = (before ^ after) & ~NOISE_METHOD;
        return changed == Opcodes.ACC_STATIC && (before & Opcodes.ACC_PRIVATE) != 0
                && (after & Opcodes.ACC_PRIVATE) != 0;
    }

    private static ModifierChange refused(String detail) {
        return new ModifierChange(Kind.REFUSED, detail);
    }

    /** private 0, package 1, protected 2, public 3 */
    private static int rank(int access) {
        if ((access & Opcodes.ACC_PUBLIC) != 0) {
            return 3;
        } else if ((access & Opcodes.ACC_PROTECTED) != 0) {
            return 2;
        }
        return (access & Opcodes.ACC_PRIVATE) != 0 ? 0 : 1;
    }

    /** @return a class using the member that the old access does not admit, or null */
    private static String notAdmitted(MemberUses uses, String owner, String key, int before) {
        for (String user : uses.of(owner, key)) {
            boolean admitted = (before & Opcodes.ACC_PRIVATE) != 0
                    ? outermost(user).equals(outermost(owner))
                    : packageOf(user).equals(packageOf(owner));
            if (!admitted && !user.equals(owner)) {
                return user;
            }
        }
        return null;
    }

    private static String outermost(String name) {
        int dollar = name.indexOf('$', name.lastIndexOf('/') + 1);
        return dollar < 0 ? name : name.substring(0, dollar);
    }

    private static String packageOf(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }
}
