package io.jlivepatch.build;

import io.jlivepatch.build.Difference.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import io.jlivepatch.core.bytecode.VersionRaise;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.MethodRemapper;
import org.objectweb.asm.commons.Remapper;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * What the carried code uses that the running JVM does not have: the new classes it needs (the
 * others are left out), and uses that cannot work once patched, which are refused. A new method
 * lives in the hidden class of its own class's patch object, so only that class's patched code
 * can call it; a new class is defined beside its target but is not its nestmate, so it cannot use
 * private members of the application's classes.
 */
final class NewClassUses {

    private final ChangeFinder finder;
    private final Map<String, String> newClasses;
    private final Map<String, Integer> access = new HashMap<>();
    private final Set<String> readClasses = new TreeSet<>();
    /** The new classes the patch needs so far: new-build name to name in the patch. */
    private final Map<String, String> used = new TreeMap<>();
    /** New classes whose code is still to be scanned. */
    private final List<String> pending = new ArrayList<>();

    NewClassUses(ChangeFinder finder) {
        this.finder = finder;
        this.newClasses = finder.correlation().newClasses();
    }

    /** @return the new classes the patch needs: new-build name to name in the patch */
    Map<String, String> check() {
        for (ClassPlan plan : finder.plans()) {
            CarriedCode.of(plan).forEach((key, method) -> {
                if (key.startsWith("<init>(")
                        && ConstructorChange.whole(plan.oldBytes(), plan.newBytes(), key, key)) {
                    scanWhole(plan, key);
                } else {
                    scan(plan.newName(), false, false, method);
                }
            });
        }
        for (StaticsHolder holder : finder.holders().values()) {
            if (holder.init() != null) {
                scan(holder.owner(), true, false, holder.init());
            }
        }
        while (!pending.isEmpty()) {
            String name = pending.remove(pending.size() - 1);
            ClassNode node = new ClassNode();
            new ClassReader(finder.newBuild().classes().get(name)).accept(node, 0);
            for (MethodNode method : node.methods) {
                scan(name, true, false, method);
            }
        }
        for (Map.Entry<String, String> entry : newClasses.entrySet()) {
            String name = JavacNames.dotted(entry.getKey());
            if (used.containsKey(entry.getKey())) {
                finder.add(Kind.NEW_CLASS, name, "defined beside the running classes as "
                        + JavacNames.dotted(entry.getValue()));
            } else {
                finder.add(Kind.IGNORED, name, "new class that no changed code uses: not"
                        + " carried");
            }
        }
        return used;
    }

    /**
     * A constructor replaced whole runs inside the running class's own constructor, where the
     * class's private members link but the patch's helpers do not: the new methods of its class
     * that it calls (those of the new constructors inlined into it too) move to the holder.
     */
    private void scanWhole(ClassPlan plan, String key) {
        for (MethodNode method : ConstructorChange.inlined(plan.oldBytes(), plan.newBytes(), key,
                new ArrayList<>()).methods) {
            if (key.equals(method.name + method.desc)) {
                scan(plan.newName(), false, true, method);
            }
        }
    }

    /**
     * @param home the class whose code it is
     * @param outsideNest whether that code runs outside the class's nest
     * @param movesOwn whether the new methods of {@code home} it calls move to the holder
     * @param method the code
     */
    private void scan(String home, boolean outsideNest, boolean movesOwn, MethodNode method) {
        Set<String> types = new TreeSet<>();
        method.accept(new MethodRemapper(new MethodVisitor(Opcodes.ASM9) { }, new Remapper() {
            @Override
            public String map(String internalName) {
                types.add(internalName);
                return internalName;
            }
        }));
        for (String type : types) {
            if (newClasses.containsKey(type) && !used.containsKey(type)) {
                used.put(type, newClasses.get(type));
                pending.add(type);
            }
        }
        String user = JavacNames.dotted(home) + "." + method.name + method.desc;
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode call) {
                checkCall(home, outsideNest || movesOwn, outsideNest, user, call.owner,
                        call.name + call.desc);
            } else if (insn instanceof FieldInsnNode field) {
                checkPrivate(home, outsideNest, user, field.owner, field.name + ":" + field.desc);
            } else if (insn instanceof InvokeDynamicInsnNode indy) {
                for (Object argument : indy.bsmArgs) {
                    checkHandle(home, outsideNest || movesOwn, outsideNest, user, argument);
                }
            } else if (insn instanceof LdcInsnNode ldc) {
                checkHandle(home, outsideNest || movesOwn, outsideNest, user, ldc.cst);
            }
        }
    }

    private void checkHandle(String home, boolean movesOwn, boolean outsideNest, String user,
            Object constant) {
        if (constant instanceof Handle handle) {
            checkCall(home, movesOwn, outsideNest, user, handle.getOwner(),
                    handle.getName() + handle.getDesc());
        }
    }

    private void checkCall(String home, boolean movesOwn, boolean outsideNest, String user,
            String owner, String methodKey) {
        if (finder.isNewMethod(owner, methodKey) && (movesOwn || !owner.equals(home))) {
            MethodNode method = movable(owner, methodKey);
            if (method != null) {
                if (finder.moveToHolder(owner, methodKey,
                        (method.access & Opcodes.ACC_STATIC) != 0)) {
                    scan(owner, true, false, method);
                }
                checkPrivate(home, outsideNest, user, owner, methodKey);
                return;
            }
            String old = oldClassFile(owner);
            finder.add(Kind.REFUSED, JavacNames.dotted(owner) + "." + methodKey, "new method"
                    + " used by " + user + ": " + (old != null
                            ? "it would move to a holder class, a class file of Java 7, and "
                            + old
                            : "it cannot move to a holder class (it is abstract, native or"
                            + " synchronized, or calls a super method); call it only from "
                            + JavacNames.dotted(owner) + "'s own changed methods"));
        }
        checkPrivate(home, outsideNest, user, owner, methodKey);
    }

    private void checkPrivate(String home, boolean outsideNest, String user, String owner,
            String key) {
        if (!outsideNest || newClasses.containsKey(owner)
                || !finder.newBuild().classes().containsKey(owner)) {
            return;
        }
        readAccess(owner);
        Integer flags = access.get(owner + "." + key);
        boolean linkable = key.startsWith("<init>(")
                ? PrivateAccesses.accessConstructor(finder.newBuild().classes().get(owner),
                        key.substring(key.indexOf('('))) != null
                : oldClassFile(home) == null && !key.startsWith("<");
        if (flags != null && (flags & Opcodes.ACC_PRIVATE) != 0 && !linkable) {
            finder.add(Kind.REFUSED, user, "uses the private member " + JavacNames.dotted(owner)
                    + "." + key + ": code the patch adds as a class of its own is not a"
                    + " nestmate of " + JavacNames.dotted(owner) + " in the running JVM, and "
                    + (key.startsWith("<") ? "a private constructor cannot be reached from"
                            + " outside" : "it would reach it through invokedynamic, in a class"
                            + " file of Java 7, and " + oldClassFile(home)) + "; keep that code in "
                    + JavacNames.dotted(owner) + "'s own methods, or reach the member through"
                    + " a non-private one");
        }
    }

    /**
     * @return the new method, if it can move to a {@link MethodsHolder}: it has a body, calls no
     *     super method and holds no lock on its object, in a class file that can be written as one of Java 7
     */
    private MethodNode movable(String owner, String methodKey) {
        if (oldClassFile(owner) != null) {
            return null;
        }
        ClassNode node = new ClassNode();
        new ClassReader(finder.newBuild().classes().get(owner)).accept(node, 0);
        for (MethodNode method : node.methods) {
            if ((method.name + method.desc).equals(methodKey)) {
                boolean unfit = (method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE
                        | Opcodes.ACC_SYNCHRONIZED)) != 0;
                for (AbstractInsnNode insn : method.instructions) {
                    // A private method of its own class, called with invokespecial (class
                    // files before Java 11), is not a super call: PrivateAccesses reaches it.
                    unfit |= insn instanceof MethodInsnNode call
                            && call.getOpcode() == Opcodes.INVOKESPECIAL
                            && !call.name.equals("<init>") && !call.owner.equals(owner);
                }
                return unfit ? null : method;
            }
        }
        return null;
    }

    /**
     * @return why code of a class of the new build cannot be written as a class file of Java 7
     *     ({@link VersionRaise}), or {@code null} if it can (or is not in the build)
     */
    private String oldClassFile(String name) {
        byte[] bytes = finder.newBuild().classes().get(name);
        return bytes == null ? null : VersionRaise.refusal(bytes);
    }

    private void readAccess(String owner) {
        if (!readClasses.add(owner)) {
            return;
        }
        ClassNode node = new ClassNode();
        new ClassReader(finder.newBuild().classes().get(owner)).accept(node,
                ClassReader.SKIP_CODE);
        for (FieldNode field : node.fields) {
            access.put(owner + "." + field.name + ":" + field.desc, field.access);
        }
        for (MethodNode method : node.methods) {
            access.put(owner + "." + method.name + method.desc, method.access);
        }
    }
}
