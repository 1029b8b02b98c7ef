package io.jlivepatch.build;

import io.jlivepatch.build.Difference.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Finds and classifies every difference between two builds (kpatch-build's
 * {@code create-diff-object}): correlates their classes, compares each pair
 * ({@link ClassComparison}), decides which new classes the patch needs, and refuses uses of new
 * members that a patch cannot make reachable.
 */
public final class ChangeFinder {

    private final AppBuild oldBuild;
    private final AppBuild newBuild;
    private final ClassFilter filter;
    private final Correlation correlation;
    private final Overrides overrides;
    private final boolean jdksDiffer;
    private final Set<String> fieldReads = new HashSet<>();
    private final Set<String> newMethods = new HashSet<>();
    private final List<Difference> differences = new ArrayList<>();
    private final List<ClassPlan> plans = new ArrayList<>();
    private final Map<String, StaticsHolder> holders = new LinkedHashMap<>();
    private final Map<String, MethodsHolder> methodHolders = new LinkedHashMap<>();
    private final Map<String, ShadowFields> shadowFields = new LinkedHashMap<>();
    private final Map<String, String> initialiserTakeovers;
    private MemberUses memberUses;

    private ChangeFinder(AppBuild oldBuild, AppBuild newBuild, ClassFilter filter,
            Map<String, byte[]> dependencies, Map<String, String> initialiserTakeovers) {
        this.initialiserTakeovers = Map.copyOf(initialiserTakeovers);
        this.oldBuild = oldBuild;
        this.newBuild = newBuild;
        this.filter = filter;
        this.correlation = Correlation.of(oldBuild, newBuild);
        this.overrides = new Overrides(newBuild.classes(), dependencies);
        this.jdksDiffer = !oldBuild.jdk().equals(newBuild.jdk());
    }

    /**
     * @param oldBuild the release the JVM runs
     * @param newBuild the fixed build
     * @param filter the classes to compare
     * @param dependencies the classes of the application's dependencies by internal name
     * @return every difference, classified, and what a patch would carry
     */
    public static Changes find(AppBuild oldBuild, AppBuild newBuild, ClassFilter filter,
            Map<String, byte[]> dependencies) {
        return find(oldBuild, newBuild, filter, dependencies, Map.of());
    }

    /**
     * As {@link #find(AppBuild, AppBuild, ClassFilter, Map)}, with hand-written callbacks.
     *
     * @param initialiserTakeovers by class (internal name in the release), the post-patch
     *     callback that takes its changed static initialiser over ({@link InitialiserTakeovers})
     */
    static Changes find(AppBuild oldBuild, AppBuild newBuild, ClassFilter filter,
            Map<String, byte[]> dependencies, Map<String, String> initialiserTakeovers) {
        return new ChangeFinder(oldBuild, newBuild, filter, dependencies, initialiserTakeovers)
                .run();
    }

    /** @return the callback that takes over the class's changed initialiser, or {@code null} */
    String initialiserTakeover(String oldName) {
        return initialiserTakeovers.get(oldName);
    }

    private Changes run() {
        if (newBuild.newestClassFileJava() > oldBuild.newestClassFileJava()) {
            add(Kind.WARNING, "builds", "the new build has class files of Java "
                    + newBuild.newestClassFileJava() + ", the release only of Java "
                    + oldBuild.newestClassFileJava() + ": the patch loads only into JVMs of"
                    + " Java " + newBuild.newestClassFileJava() + " or later; compile the fix"
                    + " with --release " + oldBuild.newestClassFileJava()
                    + " to patch the JVMs that run the release");
        }
        compareFiles();
        recordFieldReads();
        int unchanged = 0;
        int excluded = 0;
        for (String newName : newBuild.classes().keySet()) {
            String oldName = correlation.oldName(newName);
            if (oldName == null) {
                continue;
            }
            if (!filter.includes(oldName)) {
                excluded++;
                continue;
            }
            if (oldName.equals(newName) && Arrays.equals(oldBuild.classes().get(oldName),
                    newBuild.classes().get(newName))) {
                unchanged++;
                continue;
            }
            ClassComparison comparison = new ClassComparison(this, oldName, newName);
            if (comparison.compare()) {
                unchanged++;
            }
            ClassPlan plan = comparison.plan();
            if (plan != null) {
                plans.add(plan);
            }
        }
        for (String oldName : oldBuild.classes().keySet()) {
            boolean gone = JavacNames.isAnonymous(oldName)
                    ? correlation.removedAnonymous().contains(oldName)
                    : !newBuild.classes().containsKey(oldName);
            if (gone && filter.includes(oldName)) {
                add(Kind.IGNORED, JavacNames.dotted(oldName), "class removed: the running"
                        + " class stays as it is");
            }
        }
        if (excluded > 0) {
            add(Kind.IGNORED, excluded + " classes", "not compared (--include, --exclude)");
        }
        Map<String, String> newClasses = new NewClassUses(this).check();
        objectsForHolders();
        boolean methodsDiffer = differences.stream().anyMatch(d -> d.kind() == Kind.REFUSED
                || d.kind() == Kind.CHANGED_METHOD);
        if (jdksDiffer && methodsDiffer) {
            differences.add(0, new Difference(Kind.NOTICE, "builds", "the two builds come from"
                    + " different JDKs (old: " + oldBuild.jdk() + ", new: " + newBuild.jdk()
                    + "); changes in how they compile the same source show up as changed"
                    + " methods: build both with the same JDK when you can"));
        }
        return new Changes(differences, plans, newClasses, List.copyOf(holders.values()),
                List.copyOf(methodHolders.values()), List.copyOf(shadowFields.values()),
                unchanged, correlation.renames());
    }

    /**
     * A holder of new methods is defined by an object whose target is in its package (the
     * engine's rule for classes of a patch jar); where no changed class is, its class gets an
     * object without replacements, which defines the holder beside it for the code of other
     * packages to find.
     */
    private void objectsForHolders() {
        for (MethodsHolder holder : methodHolders.values()) {
            String owner = holder.owner();
            String home = owner.substring(0, Math.max(0, owner.lastIndexOf('/')) + 1);
            if (plans.stream().noneMatch(plan -> plan.newName().startsWith(home)
                    && plan.newName().indexOf('/', home.length()) < 0)) {
                String oldName = correlation.oldName(owner);
                plans.add(new ClassPlan(oldName, owner, oldBuild.classes().get(oldName),
                        newBuild.classes().get(owner), Set.of(), Set.of(), null));
            }
        }
    }

    private void compareFiles() {
        Set<String> names = new TreeSet<>(oldBuild.files().keySet());
        names.addAll(newBuild.files().keySet());
        for (String name : names) {
            byte[] before = oldBuild.files().get(name);
            byte[] after = newBuild.files().get(name);
            if (!Arrays.equals(before, after)) {
                add(Kind.IGNORED, name, (before == null ? "new file" : after == null
                        ? "file removed" : "file changed") + ": a patch carries classes only");
            }
        }
    }

    /** Every static field the new build reads or writes by field instruction. */
    private void recordFieldReads() {
        for (byte[] bytes : newBuild.classes().values()) {
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor,
                        String signature, String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitFieldInsn(int opcode, String owner, String field,
                                String fieldDescriptor) {
                            fieldReads.add(owner + "." + field + ":" + fieldDescriptor);
                        }
                    };
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        }
    }

    /**
     * Adds a report line once; a refusal names classes as the new build does, not as the patch
     * would rename them.
     */
    void add(Kind kind, String subject, String detail) {
        Difference difference = kind == Kind.REFUSED
                ? new Difference(kind, realNames(subject), realNames(detail))
                : new Difference(kind, subject, detail);
        if (!differences.contains(difference)) {
            differences.add(difference);
        }
    }

    private String realNames(String text) {
        String named = text;
        for (Map.Entry<String, String> rename : correlation.renames().entrySet()) {
            named = named.replace(rename.getValue(), rename.getKey())
                    .replace(JavacNames.dotted(rename.getValue()),
                            JavacNames.dotted(rename.getKey()));
        }
        return named;
    }

    /**
     * Moves a new method into its class's {@link MethodsHolder}, and says so in place of the
     * report line that said it was not carried.
     *
     * @return whether it was not there yet
     */
    boolean moveToHolder(String owner, String methodKey, boolean isStatic) {
        MethodsHolder holder = methodHolders.computeIfAbsent(owner, o -> new MethodsHolder(
                JavacNames.patchName(correlation.oldName(o) + "$Methods",
                        io.jlivepatch.core.hash.ClassHash.digest(o)), o));
        if (!holder.methods().add(methodKey)) {
            return false;
        }
        if (isStatic) {
            holder.isStatic().add(methodKey);
        }
        String subject = JavacNames.dotted(owner) + "." + methodKey;
        differences.removeIf(d -> d.kind() == Kind.IGNORED && d.subject().equals(subject));
        add(Kind.NOTICE, subject, "new method called by other classes' patched code: carried"
                + " as a static method of " + JavacNames.dotted(holder.name()));
        return true;
    }

    /**
     * Carries a new instance field as a shadow variable of each object, and says what objects
     * built before the patch read.
     */
    void carryAsShadow(String target, String owner, byte[] ownerBytes, String fieldKey,
            String subject) {
        ShadowFields fields = shadowFields.computeIfAbsent(owner, o -> new ShadowFields(
                JavacNames.patchName(target + "$Fields",
                        io.jlivepatch.core.hash.ClassHash.digest(o)), o, target));
        String name = fieldKey.substring(0, fieldKey.indexOf(':'));
        String descriptor = fieldKey.substring(fieldKey.indexOf(':') + 1);
        ShadowFields.Field field = new ShadowFields.Field(name, descriptor,
                FieldInitialiser.constant(ownerBytes, name, descriptor));
        fields.fields().add(field);
        add(Kind.NOTICE, subject, "new instance field, carried as the shadow variable 0x"
                + Long.toHexString(fields.id(fieldKey)) + " of each object: objects built"
                + " after the patch hold what the patched constructors assign, objects built"
                + " before read " + ShadowFields.initialInWords(field) + " until patched code"
                + " assigns it");
    }

    /** @return the keys ({@code name:descriptor}) of the class's fields carried as shadows */
    Set<String> shadowFieldsOf(String owner) {
        Set<String> keys = new TreeSet<>();
        ShadowFields fields = shadowFields.get(owner);
        if (fields != null) {
            fields.fields().forEach(field -> keys.add(field.key()));
        }
        return keys;
    }

    void recordNewMethod(String owner, String methodKey) {
        newMethods.add(owner + "." + methodKey);
    }

    boolean isNewMethod(String owner, String methodKey) {
        return newMethods.contains(owner + "." + methodKey);
    }

    void addHolder(StaticsHolder holder) {
        holders.put(holder.owner(), holder);
    }

    StaticsHolder holderOf(String newName) {
        return holders.get(newName);
    }

    Map<String, StaticsHolder> holders() {
        return holders;
    }

    List<ClassPlan> plans() {
        return plans;
    }

    boolean readsField(String owner, String fieldKey) {
        return fieldReads.contains(owner + "." + fieldKey);
    }

    AppBuild oldBuild() {
        return oldBuild;
    }

    AppBuild newBuild() {
        return newBuild;
    }

    Correlation correlation() {
        return correlation;
    }

    /** @return which classes of the new build use each member, read at the first call */
    MemberUses memberUses() {
        if (memberUses == null) {
            memberUses = new MemberUses(newBuild.classes());
        }
        return memberUses;
    }

    Overrides overrides() {
        return overrides;
    }

    boolean jdksDiffer() {
        return jdksDiffer;
    }
}
