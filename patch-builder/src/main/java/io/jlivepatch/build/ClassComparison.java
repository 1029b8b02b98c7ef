package io.jlivepatch.build;

import io.jlivepatch.build.Difference.Kind;
import io.jlivepatch.core.hash.ClassHash;
import io.jlivepatch.core.hash.NormalForm;
import io.jlivepatch.core.hash.NormalForm.Member;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.Remapper;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;

/**
 * Compares one class of the running application with its version in the new build, member by
 * member, and classifies every difference: carried ({@code @Replace}, helper, holder), build noise
 * (ignored), or refused with the reason and the way out.
 */
final class ClassComparison {

    private static final Set<String> SERIALISATION = Set.of(
            "readObject(Ljava/io/ObjectInputStream;)V",
            "writeObject(Ljava/io/ObjectOutputStream;)V", "readObjectNoData()V",
            "readResolve()Ljava/lang/Object;", "writeReplace()Ljava/lang/Object;");
    private static final String CLINIT = "<clinit>()V";

    private final ChangeFinder finder;
    private final String oldName;
    private final String newName;
    private final byte[] oldBytes;
    private final byte[] newBytes;
    private final String display;
    private final Remapper toOld;
    private NormalForm oldForm;
    private NormalForm newForm;
    /** Method keys in the old build's names to the new build's. */
    private final Map<String, String> newKeys = new HashMap<>();
    private final Set<String> replaced = new LinkedHashSet<>();
    private final Set<String> helpers = new LinkedHashSet<>();
    private final Set<String> newStatics = new TreeSet<>();
    /** The report lines of new methods: subject to detail, told once the plan is known. */
    private final Map<String, String> newMethods = new java.util.LinkedHashMap<>();
    /** New constructors, by key in the new build's names, to their report subjects. */
    private final Map<String, String> newConstructors = new java.util.LinkedHashMap<>();
    /** New constructors inlined into constructors replaced whole. */
    private final List<String> inlinedConstructors = new java.util.ArrayList<>();

    ClassComparison(ChangeFinder finder, String oldName, String newName) {
        this.finder = finder;
        this.oldName = oldName;
        this.newName = newName;
        this.oldBytes = finder.oldBuild().classes().get(oldName);
        this.newBytes = finder.newBuild().classes().get(newName);
        this.display = JavacNames.dotted(oldName);
        this.oldForm = NormalForm.of(oldBytes);
        this.toOld = finder.correlation().toOldNames();
        this.newForm = NormalForm.of(newBytes, toOld);
        new ClassReader(newBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                newKeys.put(toOld.mapMethodName(newName, name, descriptor)
                        + toOld.mapMethodDesc(descriptor), name + descriptor);
                return null;
            }
        }, ClassReader.SKIP_CODE);
    }

    /**
     * Classifies the differences into the finder.
     *
     * @return whether the class is unchanged (build noise aside)
     */
    boolean compare() {
        if (ClassHash.of(oldForm).equals(ClassHash.of(newForm))) {
            if (!Arrays.equals(oldBytes, newBytes)) {
                boolean renumbered = !ClassHash.of(oldForm).equals(ClassHash.of(newBytes));
                finder.add(Kind.IGNORED, display, renumbered
                        ? "only the numbers javac gave lambdas or anonymous classes differ"
                        : "only debug information (line numbers, local variable names),"
                                + " annotations, constant-pool or member order differ");
            }
            return true;
        }
        byte[] oldCompared = RedundantCasts.strip(oldBytes);
        byte[] newCompared = RedundantCasts.strip(newBytes);
        oldForm = NormalForm.of(oldCompared);
        newForm = NormalForm.of(newCompared, toOld);
        if (ClassHash.of(oldForm).equals(ClassHash.of(newForm))) {
            finder.add(Kind.IGNORED, display, "only casts that cannot fail differ, as javac"
                    + " versions emit them");
            return true;
        }
        compareHeader();
        compareFields();
        compareMethods();
        reportNewConstructors();
        compareInitialiser(oldCompared, newCompared);
        reportNewMethods();
        return false;
    }

    /** @return the plan, when the class has changed methods */
    ClassPlan plan() {
        if (replaced.isEmpty()) {
            return null;
        }
        return new ClassPlan(oldName, newName, oldBytes, newBytes, replaced, helpers,
                finder.holderOf(newName));
    }

    private void compareHeader() {
        if (!String.valueOf(oldForm.superName()).equals(String.valueOf(newForm.superName()))
                || !oldForm.interfaces().equals(newForm.interfaces())) {
            finder.add(Kind.REFUSED, display, "changed hierarchy (extends "
                    + oldForm.superName() + " implements " + oldForm.interfaces() + ", now "
                    + newForm.superName() + " implements " + newForm.interfaces() + "): a"
                    + " loaded class cannot change its supertypes; ship this change in a"
                    + " release");
        }
        int changed = oldForm.access() ^ newForm.access();
        if (changed != 0 && (changed & ~Opcodes.ACC_FINAL) == 0) {
            finder.add(Kind.IGNORED, display, "only the class's final modifier differs");
        } else if (changed != 0) {
            finder.add(Kind.REFUSED, display, "class modifiers changed (0x"
                    + Integer.toHexString(oldForm.access()) + " to 0x"
                    + Integer.toHexString(newForm.access()) + "): a loaded class keeps its"
                    + " modifiers; keep the old ones");
        }
    }

    private void compareFields() {
        Set<String> keys = new TreeSet<>(oldForm.fields().keySet());
        keys.addAll(newForm.fields().keySet());
        for (String key : keys) {
            Member before = oldForm.fields().get(key);
            Member after = newForm.fields().get(key);
            String subject = display + "." + key.substring(0, key.indexOf(':'));
            if (after == null) {
                finder.add(Kind.IGNORED, subject, "field removed: it stays in the running"
                        + " class, unused");
            } else if (before == null) {
                newField(key, subject, after);
            } else if (before.access() != after.access()) {
                ModifierChange change = ModifierChange.of(finder.memberUses(), newName, key,
                        true, before.access(), after.access());
                finder.add(change.kind(), subject, change.detail());
            } else if (!before.form().equals(after.form())) {
                finder.add(Kind.IGNORED, subject, "constant value changed from "
                        + before.form() + " to " + after.form() + ": the running class keeps"
                        + " its value; the changed methods that inline it are patched");
            }
        }
    }

    private void newField(String key, String subject, Member field) {
        if ((field.access() & Opcodes.ACC_STATIC) == 0) {
            finder.carryAsShadow(oldName, newName, newBytes, newBuildFieldKey(key), subject);
        } else if (!field.form().isEmpty() && !finder.readsField(newName, key)) {
            finder.add(Kind.IGNORED, subject, "new compile-time constant: inlined where it is"
                    + " used and never read as a field, so not carried");
        } else {
            newStatics.add(key);
        }
    }

    /**
     * @param key a field of the new build, {@code name:descriptor} in the names of
     *     {@link #newForm}
     * @return the same field as the new build's code names it (its type may be a new class,
     *     which the patch renames)
     */
    private String newBuildFieldKey(String key) {
        String name = key.substring(0, key.indexOf(':'));
        ClassNode node = new ClassNode();
        new ClassReader(newBytes).accept(node, ClassReader.SKIP_CODE);
        return node.fields.stream().filter(field -> field.name.equals(name)
                && toOld.mapDesc(field.desc).equals(key.substring(name.length() + 1)))
                .map(field -> field.name + ":" + field.desc).findFirst().orElse(key);
    }

    private void compareMethods() {
        Set<String> keys = new TreeSet<>(oldForm.methods().keySet());
        keys.addAll(newForm.methods().keySet());
        keys.remove(CLINIT);
        for (String key : keys) {
            Member before = oldForm.methods().get(key);
            Member after = newForm.methods().get(key);
            String name = key.substring(0, key.indexOf('('));
            String subject = display + "." + key;
            if (JavacNames.isLambda(name)) {
                if (before == null) {
                    helpers.add(newKeys.get(key));
                    newMethods.put(display + "." + newKeys.get(key), "lambda body");
                }
            } else if (after == null) {
                finder.add(Kind.IGNORED, subject, "method removed: it stays in the running"
                        + " class as dead code");
            } else if (before == null) {
                newMethod(key, subject, after);
            } else if (before.form().equals(after.form())) {
                if (before.access() != after.access()) {
                    modifiers(key, subject, before, after);
                }
            } else {
                changedMethod(key, subject, before, after);
            }
        }
    }

    /**
     * The new members of this class that the patch reaches outside the running class, so that
     * a constructor replaced whole may use them: new static fields (in their holder), new
     * instance fields (shadow variables) and new methods ({@code name + descriptor}, which
     * {@link NewClassUses} moves to a holder or refuses, naming them), in the names of
     * {@link #newForm}. Lambda bodies and new constructors are not among them.
     */
    private Set<String> routedElsewhere() {
        Set<String> routed = new TreeSet<>(newStatics);
        finder.shadowFieldsOf(newName).forEach(key -> routed.add(key.substring(0,
                key.indexOf(':') + 1) + toOld.mapDesc(key.substring(key.indexOf(':') + 1))));
        newForm.methods().keySet().forEach(key -> {
            String name = key.substring(0, key.indexOf('('));
            if (!oldForm.methods().containsKey(key) && !name.startsWith("<")
                    && !JavacNames.isLambda(name)) {
                routed.add(key);
            }
        });
        return routed;
    }

    private boolean modifiers(String key, String subject, Member before, Member after) {
        ModifierChange change = ModifierChange.of(finder.memberUses(), newName,
                newKeys.get(key), false, before.access(), after.access());
        finder.add(change.kind(), subject, change.detail());
        return change.carried();
    }

    private void changedMethod(String key, String subject, Member before, Member after) {
        int bodiless = Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE;
        if (key.startsWith("<init>")) {
            String refusal = ConstructorChange.refusal(oldBytes, newBytes, key,
                    newKeys.get(key), routedElsewhere(), toOld);
            if (refusal != null) {
                finder.add(Kind.REFUSED, subject, refusal);
                return;
            }
            replaced.add(newKeys.get(key));
            finder.add(Kind.CHANGED_METHOD, subject, "");
            boolean whole = ConstructorChange.whole(oldBytes, newBytes, key, newKeys.get(key));
            if (whole) {
                ConstructorChange.inlined(oldBytes, newBytes, newKeys.get(key),
                        inlinedConstructors);
            }
            finder.add(Kind.WARNING, subject, "changed constructor"
                    + (whole
                            ? ", its super(...) or this(...) call too (replaced whole, inside"
                                    + " the class's own constructor)" : "")
                    + ": objects built before the patch keep what the old constructor made; a"
                    + " post-patch callback (--with) may fix them");
        } else if (ModifierChange.privateStaticChanged(before.access(), after.access())) {
            helpers.add(newKeys.get(key));
            newMethods.put(subject, "private method whose static modifier changed: carried as"
                    + " a new helper of the patch, which only its class's patched code calls;"
                    + " the running method stays, unused");
        } else if (before.access() != after.access()
                && !modifiers(key, subject, before, after)) {
            return;
        } else if (((before.access() | after.access()) & bodiless) != 0) {
            finder.add(Kind.REFUSED, subject, "abstract or native method: it has no bytecode"
                    + " to replace; patch its implementations instead");
        } else if (finder.jdksDiffer() && withoutCasts(before).equals(withoutCasts(after))) {
            finder.add(Kind.IGNORED, subject, "only casts differ, as another JDK compiles"
                    + " them");
        } else {
            replaced.add(newKeys.get(key));
            finder.add(Kind.CHANGED_METHOD, subject, "");
            String initialiser = calledFromInitialiser(key);
            if (initialiser != null) {
                finder.add(Kind.WARNING, subject, "called by " + display + "." + initialiser
                        + ": objects or caches built before the patch keep what the old code"
                        + " made; a post-patch callback (--with) may fix them");
            }
        }
    }

    private static String withoutCasts(Member method) {
        return method.form().replaceAll("(?m)^" + Opcodes.CHECKCAST + " .*\n", "");
    }

    private void newMethod(String key, String subject, Member method) {
        boolean isStatic = (method.access() & Opcodes.ACC_STATIC) != 0;
        boolean isPrivate = (method.access() & Opcodes.ACC_PRIVATE) != 0;
        String related = isStatic || isPrivate || key.startsWith("<") ? null
                : finder.overrides().related(newName, newKeys.get(key));
        if (key.startsWith("<init>")) {
            newConstructors.put(newKeys.get(key), subject);
        } else if (SERIALISATION.contains(key)) {
            finder.add(Kind.REFUSED, subject, "new serialisation hook: serialisation finds it"
                    + " by reflection on the running class, which a patch cannot add methods"
                    + " to; ship it in a release");
        } else if ((oldForm.access() & Opcodes.ACC_INTERFACE) != 0 && !isStatic && !isPrivate) {
            finder.add(Kind.REFUSED, subject, "new interface method: implementations and"
                    + " callers of the running interface cannot see it; make it a private or"
                    + " static helper, or ship it in a release");
        } else if ((method.access() & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            finder.add(Kind.REFUSED, subject, "new abstract or native method: a patch can only"
                    + " add methods with bytecode");
        } else if (related != null) {
            finder.add(Kind.REFUSED, subject, "new method that overrides or is overridden by"
                    + " one of " + JavacNames.dotted(related) + ": virtual calls on running"
                    + " objects cannot reach a method a patch adds; give it another name, or"
                    + " make it private or static");
        } else if (!isStatic && !isPrivate && finder.overrides().unresolved(newName) != null) {
            finder.add(Kind.REFUSED, subject, "new method of a class whose supertype "
                    + JavacNames.dotted(finder.overrides().unresolved(newName)) + " is in"
                    + " neither build: it may override a method of it, which a patch cannot"
                    + " carry; give the jars of the application's dependencies with"
                    + " --classpath so that the build can tell");
        } else {
            helpers.add(newKeys.get(key));
            finder.recordNewMethod(newName, newKeys.get(key));
            newMethods.put(subject, "");
        }
    }

    /**
     * A new constructor is carried only inlined into the constructors replaced whole that call
     * it through {@code this(...)}; any other call of it is a dangling reference, which the
     * build refuses naming it.
     */
    private void reportNewConstructors() {
        newConstructors.forEach((key, subject) -> {
            if (inlinedConstructors.contains(key)) {
                finder.add(Kind.NOTICE, subject, "new constructor: carried inlined into the"
                        + " changed constructors that call it through this(...); a loaded class"
                        + " cannot get constructors, so no other code may call it");
            } else if (!callers(key).isEmpty()) {
                finder.add(Kind.REFUSED, subject, "new constructor called by " + display + "."
                        + String.join(", " + display + ".", callers(key)) + ": a loaded class"
                        + " cannot get constructors; build the object with an existing"
                        + " constructor");
            } else {
                finder.add(Kind.IGNORED, subject, "new constructor that no changed constructor"
                        + " calls through this(...): nothing in the running JVM can call it and"
                        + " a loaded class cannot get constructors, so it is not carried (patched"
                        + " code that calls it is refused, naming it)");
            }
        });
    }

    /** The carried methods of this class (new build's keys) that call a constructor of it. */
    private List<String> callers(String constructorKey) {
        List<String> callers = new java.util.ArrayList<>();
        new ClassReader(newBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                String key = name + descriptor;
                if (!replaced.contains(key) && !helpers.contains(key)) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String called,
                            String calledDescriptor, boolean isInterface) {
                        if (owner.equals(newName) && constructorKey.equals(called
                                + calledDescriptor) && !callers.contains(key)) {
                            callers.add(key);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG);
        return callers;
    }

    /**
     * A new method is carried with the changed methods of its class; a class without any has
     * no code in the running JVM that could call it.
     */
    private void reportNewMethods() {
        newMethods.forEach((subject, detail) -> {
            if (replaced.isEmpty()) {
                finder.add(Kind.IGNORED, subject, "new method that no changed method of "
                        + display + " calls: nothing in the running JVM can call it, so it is"
                        + " not carried");
            } else {
                finder.add(Kind.NEW_METHOD, subject, detail);
            }
        });
    }

    private void compareInitialiser(byte[] oldCompared, byte[] newCompared) {
        StaticInitialiser.Outcome outcome = StaticInitialiser.compare(oldCompared, newCompared,
                toOld, oldName, newStatics);
        String subject = display + "." + CLINIT;
        switch (outcome.kind()) {
            case CONSTANTS_ONLY -> finder.add(Kind.IGNORED, subject, "only constants differ"
                    + " in the static initialiser: the running class keeps the values it was"
                    + " initialised with");
            case CHANGED -> {
                String takeover = finder.initialiserTakeover(oldName);
                if (takeover != null) {
                    finder.add(Kind.WARNING, subject, "changed static initialiser: the running"
                            + " class keeps what its initialiser made; the post-patch callback "
                            + takeover + " (--with) takes the change over");
                } else {
                    finder.add(Kind.REFUSED, subject, "changed static initialiser: the class was"
                            + " initialised when it was loaded and a patch cannot run its"
                            + " initialiser again; make the change in a post-patch callback"
                            + " (a @PostPatch method of a @Patch(\"" + display + "\") class"
                            + " given with --with), or leave the initialiser as it was");
                }
            }
            default -> { }
        }
        if (!newStatics.isEmpty() && outcome.kind() != StaticInitialiser.Kind.CHANGED) {
            holder(outcome.kind() == StaticInitialiser.Kind.NEW_FIELDS_ONLY
                    ? outcome.segment() : null);
        }
    }

    private void holder(org.objectweb.asm.tree.MethodNode init) {
        ClassNode node = new ClassNode();
        new ClassReader(newBytes).accept(node, ClassReader.SKIP_CODE);
        List<FieldNode> fields = new ArrayList<>();
        for (FieldNode field : node.fields) {
            if (newStatics.contains(field.name + ":" + toOld.mapDesc(field.desc))) {
                fields.add(field);
            }
        }
        NormalForm.Member newInit = newForm.methods().get(CLINIT);
        String key = ClassHash.digest(oldName + newStatics
                + (newInit == null ? "" : newInit.form()));
        String name = JavacNames.patchName(oldName + "$Statics", key);
        finder.addHolder(new StaticsHolder(name, newName, fields, init));
        for (FieldNode field : fields) {
            finder.add(Kind.NOTICE, display + "." + field.name, "new static field, carried in"
                    + " " + JavacNames.dotted(name) + ": it now initialises when patched code"
                    + " first uses it, not when " + display + " initialises");
        }
    }

    /** @return the old constructor or initialiser that calls the method, or {@code null} */
    private String calledFromInitialiser(String key) {
        String[] caller = new String[1];
        new ClassReader(oldBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                if (!name.startsWith("<")) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String called,
                            String calledDescriptor, boolean isInterface) {
                        if (caller[0] == null && owner.equals(oldName)
                                && key.equals(called + calledDescriptor)) {
                            caller[0] = name + descriptor;
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return caller[0];
    }
}
