package io.jlivepatch.build;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.Remapper;

/**
 * Which class and lambda of the new build is which of the old one (kpatch-build's correlation
 * step). Named classes correspond by name. Anonymous classes correspond by content first; those
 * left over pair up when exactly one old and one new class have the same place and shape (same
 * enclosing method, supertypes, fields and constructors): that is a changed anonymous class. Any
 * other new anonymous class, and every named class only the new build has, is a new class and
 * gets a name no application or earlier patch uses ({@link JavacNames#patchName}). Lambda bodies
 * of corresponding classes correspond by content.
 */
final class Correlation {

    private final AppBuild oldBuild;
    private final AppBuild newBuild;
    private final ContentKeys newKeys;
    /** New-build class name to its name in the patch: the old name, or a fresh one. */
    private final Map<String, String> classNames = new TreeMap<>();
    /** New classes: new-build name to name in the patch. */
    private final Map<String, String> newClasses = new TreeMap<>();
    /** Old anonymous classes that no new class corresponds to. */
    private final Set<String> removedAnonymous = new TreeSet<>();
    /** Per new-build class, lambda method key to the old lambda's name, or a fresh name. */
    private final Map<String, Map<String, String>> lambdaNames = new HashMap<>();

    private Correlation(AppBuild oldBuild, AppBuild newBuild) {
        this.oldBuild = oldBuild;
        this.newBuild = newBuild;
        this.newKeys = new ContentKeys(newBuild.classes());
    }

    /**
     * @param oldBuild the release
     * @param newBuild the fixed build
     * @return how their classes and lambdas correspond
     */
    static Correlation of(AppBuild oldBuild, AppBuild newBuild) {
        Correlation correlation = new Correlation(oldBuild, newBuild);
        correlation.correlateClasses();
        correlation.correlateLambdas();
        return correlation;
    }

    private void correlateClasses() {
        ContentKeys oldKeys = new ContentKeys(oldBuild.classes());
        Map<String, Deque<String>> oldAnonymousByKey = new HashMap<>();
        List<String> oldLeft = new ArrayList<>();
        for (String name : anonymous(oldBuild)) {
            oldAnonymousByKey.computeIfAbsent(oldKeys.ofClass(name), k -> new ArrayDeque<>())
                    .add(name);
        }
        List<String> newLeft = new ArrayList<>();
        for (String name : newBuild.classes().keySet()) {
            if (!JavacNames.isAnonymous(name)) {
                if (oldBuild.classes().containsKey(name)) {
                    classNames.put(name, name);
                } else {
                    newLeft.add(name);
                }
            }
        }
        // Of classes with the same content (javac's empty tag classes, for one), each keeps
        // its own name first; then the renumbered ones take what is left.
        List<String> unnamed = new ArrayList<>();
        for (String name : anonymous(newBuild)) {
            Deque<String> same = oldAnonymousByKey.get(newKeys.ofClass(name));
            if (same != null && same.remove(name)) {
                classNames.put(name, name);
            } else {
                unnamed.add(name);
            }
        }
        for (String name : unnamed) {
            Deque<String> same = oldAnonymousByKey.get(newKeys.ofClass(name));
            if (same != null && !same.isEmpty()) {
                classNames.put(name, same.removeFirst());
            } else {
                newLeft.add(name);
            }
        }
        oldAnonymousByKey.values().forEach(oldLeft::addAll);
        pairByShape(oldLeft, newLeft);
        for (String name : newLeft) {
            if (!classNames.containsKey(name)) {
                String fresh = JavacNames.patchName(name, newKeys.ofClass(name));
                classNames.put(name, fresh);
                newClasses.put(name, fresh);
            }
        }
    }

    /** Pairs anonymous classes that changed: one old and one new of the same place and shape. */
    private void pairByShape(List<String> oldLeft, List<String> newLeft) {
        Map<String, List<String>> oldByShape = new HashMap<>();
        for (String name : oldLeft) {
            oldByShape.computeIfAbsent(shape(oldBuild.classes().get(name), Map.of()),
                    k -> new ArrayList<>()).add(name);
        }
        Map<String, List<String>> newByShape = new HashMap<>();
        for (String name : newLeft) {
            if (JavacNames.isAnonymous(name)) {
                newByShape.computeIfAbsent(shape(newBuild.classes().get(name), classNames),
                        k -> new ArrayList<>()).add(name);
            }
        }
        newByShape.forEach((shape, names) -> {
            List<String> olds = oldByShape.getOrDefault(shape, List.of());
            if (names.size() == 1 && olds.size() == 1) {
                classNames.put(names.get(0), olds.get(0));
            }
        });
        for (String name : oldLeft) {
            if (!classNames.containsValue(name)) {
                removedAnonymous.add(name);
            }
        }
    }

    /**
     * Where an anonymous class is and what it holds, apart from its code: the enclosing method
     * (a lambda counts as the class), supertypes, fields and constructors.
     */
    private static String shape(byte[] classBytes, Map<String, String> names) {
        StringBuilder shape = new StringBuilder();
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature,
                    String superName, String[] interfaces) {
                shape.append(superName).append(' ').append(String.join(",", interfaces));
            }

            @Override
            public void visitOuterClass(String owner, String name, String descriptor) {
                String method = name == null ? "" : JavacNames.isLambda(name) ? "lambda"
                        : name + descriptor;
                shape.append(" in ").append(names.getOrDefault(owner, owner)).append('.')
                        .append(method);
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor,
                    String signature, Object value) {
                shape.append(" field ").append(name).append(':').append(descriptor);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                if (name.equals("<init>")) {
                    shape.append(" new").append(descriptor);
                }
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return shape.toString();
    }

    private void correlateLambdas() {
        ContentKeys oldKeys = new ContentKeys(oldBuild.classes());
        for (Map.Entry<String, String> entry : classNames.entrySet()) {
            String newName = entry.getKey();
            byte[] oldBytes = oldBuild.classes().get(entry.getValue());
            Map<String, Deque<String>> oldByKey = new HashMap<>();
            if (oldBytes != null) {
                for (String lambda : lambdas(oldBytes)) {
                    oldByKey.computeIfAbsent(oldKeys.ofLambda(entry.getValue(), lambda),
                            k -> new ArrayDeque<>()).add(lambda);
                }
            }
            Map<String, String> names = new LinkedHashMap<>();
            for (String lambda : lambdas(newBuild.classes().get(newName))) {
                String key = newKeys.ofLambda(newName, lambda);
                Deque<String> same = oldByKey.get(key);
                String oldLambda = same == null ? null : same.pollFirst();
                names.put(lambda, oldLambda != null
                        ? oldLambda.substring(0, oldLambda.indexOf('('))
                        : "lambda$jlp$" + key);
            }
            lambdaNames.put(newName, names);
        }
    }

    /**
     * @param newName a class of the new build
     * @return its name in the running JVM (the old build) if it corresponds to an old class,
     *     else {@code null}
     */
    String oldName(String newName) {
        String name = classNames.get(newName);
        return name != null && oldBuild.classes().containsKey(name)
                && !newClasses.containsKey(newName) ? name : null;
    }

    /** @return the new classes: new-build name to the name they get in the patch, sorted */
    Map<String, String> newClasses() {
        return java.util.Collections.unmodifiableMap(newClasses);
    }

    /**
     * @return every new-build class whose name differs in the patch: renumbered anonymous
     *     classes to their old names, new classes to their fresh names
     */
    Map<String, String> renames() {
        Map<String, String> renames = new TreeMap<>();
        classNames.forEach((from, to) -> {
            if (!from.equals(to)) {
                renames.put(from, to);
            }
        });
        return renames;
    }

    /** @return old anonymous classes no new class corresponds to, sorted */
    Set<String> removedAnonymous() {
        return java.util.Collections.unmodifiableSet(removedAnonymous);
    }

    /**
     * @param newName a class of the new build
     * @param lambda one of its lambda bodies, {@code name + descriptor}
     * @return whether an old lambda of the corresponding class has the same content
     */
    boolean lambdaCorresponds(String newName, String lambda) {
        String name = lambdaNames.getOrDefault(newName, Map.of()).get(lambda);
        return name != null && !name.startsWith("lambda$jlp$");
    }

    /**
     * @return renames the new build's classes into the names they have in the old build or get
     *     in the patch, and its lambda bodies into the names of the old ones of the same content
     *     (a fresh {@code lambda$jlp$KEY} for new content)
     */
    Remapper toOldNames() {
        return new Remapper() {
            @Override
            public String map(String internalName) {
                return classNames.getOrDefault(internalName, internalName);
            }

            @Override
            public String mapMethodName(String owner, String name, String descriptor) {
                return lambdaNames.getOrDefault(owner, Map.of())
                        .getOrDefault(name + descriptor, name);
            }
        };
    }

    /**
     * @return renames only classes: the new build's into their old or patch names; lambdas keep
     *     their new-build names (the patch carries the lambda bodies it uses)
     */
    Remapper classesToPatchNames() {
        return new Remapper() {
            @Override
            public String map(String internalName) {
                return classNames.getOrDefault(internalName, internalName);
            }
        };
    }

    /** @return the lambda bodies a class declares, by {@code name + descriptor}, in order */
    private static List<String> lambdas(byte[] classBytes) {
        List<String> lambdas = new ArrayList<>();
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                if (JavacNames.isLambda(name) && (access & Opcodes.ACC_SYNTHETIC) != 0) {
                    lambdas.add(name + descriptor);
                }
                return null;
            }
        }, ClassReader.SKIP_CODE);
        lambdas.sort(Comparator.naturalOrder());
        return lambdas;
    }

    private static List<String> anonymous(AppBuild build) {
        return build.classes().keySet().stream().filter(JavacNames::isAnonymous).toList();
    }
}
