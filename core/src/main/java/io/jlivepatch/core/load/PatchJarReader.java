package io.jlivepatch.core.load;

import io.jlivepatch.core.model.Callback;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.model.PatchException.Kind;
import io.jlivepatch.core.model.PatchFunction;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.PatchObject.ShadowMember;
import io.jlivepatch.core.model.StateSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Reads a patch jar into a {@link Patch} without loading any of its classes, and checks
 * everything that can be checked without a JVM: one {@code @LivePatch} class, well-formed names,
 * {@code @Replace} only on methods with bodies, no new instance state, no references to classes
 * of the jar that will not exist at run time.
 *
 * <p><b>New classes.</b> A class of the jar that is neither {@code @LivePatch} nor {@code @Patch}
 * is a <em>new class</em> (for example an anonymous class that {@code jlp build} found in the
 * fixed build only). It belongs to every {@code @Patch} object whose class uses it, directly or
 * through other new classes, in its code, fields or method signatures (references that only
 * {@code InnerClasses}, {@code NestHost}, {@code NestMembers}, {@code EnclosingMethod} or
 * {@code PermittedSubclasses} attributes make do not count): the engine defines it in that
 * object's target's class loader and package, before the replacements, so it must be in the
 * target's package, and the JVM object may use none. A new class that no object uses is never
 * defined.
 */
public final class PatchJarReader {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{16}");

    private PatchJarReader() {
    }

    /**
     * Reads and checks a patch jar.
     *
     * @param jar the patch jar
     * @return the patch it holds
     * @throws PatchException (INVALID_PATCH) naming the jar and what is wrong with it
     */
    public static Patch read(Path jar) throws PatchException {
        Map<String, byte[]> classes = readClasses(jar);
        String where = jar.toString();
        PatchClassScan livePatch = null;
        List<PatchClassScan> objects = new ArrayList<>();
        Map<String, byte[]> patchBytes = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            PatchClassScan scan = PatchClassScan.of(entry.getValue());
            if (scan.livePatch != null) {
                if (livePatch != null) {
                    throw invalid(where, "both " + dotted(livePatch.internalName) + " and "
                            + dotted(scan.internalName) + " are annotated @LivePatch; a patch jar"
                            + " holds exactly one patch");
                }
                livePatch = scan;
            }
            if (scan.patch != null) {
                objects.add(scan);
                patchBytes.put(scan.internalName, entry.getValue());
            }
        }
        if (livePatch == null) {
            throw invalid(where, "no class is annotated @io.jlivepatch.api.LivePatch; annotate"
                    + " one class of the patch with @LivePatch(name = \"...\")");
        }
        String name = (String) livePatch.livePatch.get("name");
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid(where, "patch name '" + name + "' in " + dotted(livePatch.internalName)
                    + " must be 1 to 128 letters, digits, '.', '_' or '-'");
        }
        if (objects.isEmpty()) {
            throw invalid(where, "patch '" + name + "' has no class annotated"
                    + " @io.jlivepatch.api.Patch: nothing to patch");
        }
        Set<String> objectNames = new HashSet<>(patchBytes.keySet());
        objectNames.add(livePatch.internalName);
        List<PatchObject> patchObjects = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (PatchClassScan scan : objects) {
            PatchObject object = toObject(where, name, scan, patchBytes.get(scan.internalName));
            if (OwnClasses.contains(object.targetClass())) {
                throw invalid(where, "patch '" + name + "' targets " + object.targetClass()
                        + ", a class of jlivepatch itself; jlivepatch does not patch itself:"
                        + " upgrade jlp.jar and restart the JVM instead");
            }
            if (!targets.add(object.targetClass() + " " + object.loaderPattern())) {
                throw invalid(where, "patch '" + name + "' has two @Patch classes for "
                        + (object.isJvm() ? "the JVM object" : object.targetClass())
                        + "; merge them into one");
            }
            patchObjects.add(object);
        }
        patchObjects = NewClassHomes.assign(where, patchObjects, classes, objectNames);
        for (PatchObject object : patchObjects) {
            // An object may only define classes: a holder that other objects' code calls.
            if (object.functions().isEmpty() && object.callbacks().isEmpty()
                    && object.newClasses().isEmpty()) {
                throw invalid(where, dotted(object.patchClass()) + " (@Patch(\""
                        + object.targetClass() + "\")) has no @Replace method and no callback:"
                        + " nothing to patch in " + (object.isJvm() ? "the JVM"
                                : object.targetClass()));
            }
        }
        // The JVM object comes first, like the kernel's vmlinux; the others in jar order.
        patchObjects.sort(java.util.Comparator.comparing(o -> !o.isJvm()));
        boolean replace = Boolean.TRUE.equals(livePatch.livePatch.get("replace"));
        String description = (String) livePatch.livePatch.getOrDefault("description", "");
        return new Patch(name, replace, description, where, patchObjects,
                states(where, name, livePatch.livePatch.get("states")), sha256(jar));
    }

    @SuppressWarnings("unchecked")
    private static List<StateSpec> states(String where, String patchName, Object declared)
            throws PatchException {
        List<StateSpec> states = new ArrayList<>();
        if (declared == null) {
            return states;
        }
        for (Object element : (List<Object>) declared) {
            Map<String, Object> state = (Map<String, Object>) element;
            long id = ((Number) state.getOrDefault("id", 0L)).longValue();
            int version = ((Number) state.getOrDefault("version", 1)).intValue();
            if (id == 0) {
                throw invalid(where, "patch '" + patchName + "' declares a @State with id 0;"
                        + " state ids are non-zero");
            }
            if (states.stream().anyMatch(s -> s.id() == id)) {
                throw invalid(where, "patch '" + patchName + "' declares state " + id
                        + " twice; declare each state once");
            }
            states.add(new StateSpec(id, version));
        }
        return states;
    }

    private static PatchObject toObject(String where, String patchName, PatchClassScan scan,
            byte[] bytes) throws PatchException {
        String className = dotted(scan.internalName);
        String target = (String) scan.patch.getOrDefault("value", PatchObject.JVM);
        String loader = (String) scan.patch.getOrDefault("loader", "");
        try {
            Pattern.compile(loader);
        } catch (PatternSyntaxException e) {
            throw invalid(where, className + ": @Patch(loader = \"" + loader + "\") is not a"
                    + " valid regular expression: " + e.getDescription());
        }
        List<PatchFunction> functions = new ArrayList<>();
        List<ShadowMember> shadows = new ArrayList<>();
        List<Callback> callbacks = new ArrayList<>();
        for (PatchClassScan.Member member : scan.members) {
            String display = className + "." + member.name()
                    + (member.field() ? "" : member.descriptor());
            if (member.replace() && member.shadow()) {
                throw invalid(where, display + " is annotated both @Replace and @Shadow; a"
                        + " method either replaces the target's or stands for it");
            }
            for (Callback.Kind kind : member.callbacks()) {
                callbacks.add(callback(where, display, member, kind, callbacks));
            }
            if (member.shadow()) {
                shadows.add(new ShadowMember(member.name(), member.descriptor(),
                        member.isStatic(), member.field()));
            } else if (member.replace()) {
                checkReplacement(where, display, member);
                functions.add(new PatchFunction(member.name(), member.descriptor(),
                        member.isStatic(), false));
            } else if (member.field() && !member.isStatic()) {
                throw invalid(where, "instance field " + display + " is not annotated @Shadow: a"
                        + " live patch cannot add fields to existing objects; mark it @Shadow if"
                        + " the target declares it, or keep per-object data in a shadow"
                        + " variable");
            }
        }
        boolean jvm = target.equals(PatchObject.JVM);
        if (jvm && (!functions.isEmpty() || !shadows.isEmpty())) {
            throw invalid(where, className + " is the JVM object (@Patch without a target"
                    + " class): it may hold only callbacks; give @Patch the target class name to"
                    + " replace or shadow its members");
        }
        String hash = (String) scan.patch.getOrDefault("hash", "");
        if (!hash.isEmpty() && !HASH.matcher(hash).matches()) {
            throw invalid(where, className + ": @Patch(hash = \"" + hash + "\") is not a"
                    + " semantic hash (16 hex digits, as jlp build writes); remove it or build"
                    + " the patch again");
        }
        return new PatchObject(target, loader, scan.internalName, bytes, functions, shadows,
                callbacks, hash, List.of());
    }

    private static Callback callback(String where, String display, PatchClassScan.Member member,
            Callback.Kind kind, List<Callback> earlier) throws PatchException {
        for (Callback other : earlier) {
            if (other.kind() == kind) {
                throw invalid(where, display + " and " + other.name() + " are both "
                        + kind.word() + " callbacks; an object has at most one of each kind");
            }
        }
        String returns = kind == Callback.Kind.PRE_PATCH ? "void or int" : "void";
        boolean okReturn = member.descriptor().endsWith(")V")
                || kind == Callback.Kind.PRE_PATCH && member.descriptor().endsWith(")I");
        boolean okParameters = member.descriptor().startsWith("()")
                || member.descriptor().startsWith("(" + ApiNames.PATCH_CONTEXT + ")");
        if (!member.isStatic() || !okReturn || !okParameters || member.replace()
                || member.shadow()) {
            throw invalid(where, "the " + kind.word() + " callback " + display + " must be a"
                    + " static method returning " + returns + " that takes no parameter or one"
                    + " io.jlivepatch.api.PatchContext");
        }
        return new Callback(kind, member.name(), member.descriptor());
    }

    private static void checkReplacement(String where, String display, PatchClassScan.Member m)
            throws PatchException {
        if (m.name().equals("<clinit>")) {
            throw invalid(where, display + ": class initialisers cannot be replaced: they ran"
                    + " before the patch; do what must change in a post-patch callback");
        }
        if ((m.access() & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            throw invalid(where, display + " is annotated @Replace but has no body; give the"
                    + " replacement a body");
        }
    }

    private static Map<String, byte[]> readClasses(Path jar) throws PatchException {
        String problem = fileProblem(jar);
        if (problem != null) {
            throw invalid(jar.toString(), problem);
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                String entryName = entry.getName();
                if (entry.isDirectory() || !entryName.endsWith(".class")
                        || entryName.startsWith("META-INF/")
                        || entryName.endsWith("module-info.class")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    byte[] bytes = in.readAllBytes();
                    checkWellFormed(jar.toString(), entryName, bytes);
                    classes.put(entryName.substring(0, entryName.length() - 6), bytes);
                }
            }
        } catch (IOException e) {
            throw invalid(jar.toString(), "cannot be read as a jar: " + e.getMessage());
        }
        return classes;
    }

    private static String sha256(Path jar) throws PatchException {
        try {
            return sha256(Files.readAllBytes(jar));
        } catch (IOException e) {
            throw invalid(jar.toString(), "cannot be read: " + e.getMessage());
        }
    }

    /**
     * @param bytes a patch jar's bytes
     * @return their SHA-256 in lower-case hex, as status, the audit trail and the trust policy's
     *     verified copies name a jar
     */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Parses the whole class file, code included, as every later step would, so that a corrupt
     * one is refused here, named, before any step trips over it.
     */
    private static void checkWellFormed(String where, String entryName, byte[] bytes)
            throws PatchException {
        try {
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor,
                        String signature, String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                    };
                }
            }, 0);
        } catch (RuntimeException e) {
            throw invalid(where, "class file " + entryName + " is corrupt (" + e + "); rebuild"
                    + " the patch jar");
        }
    }

    /**
     * @param jar the path given as a patch jar
     * @return what keeps it from being read as one (no such file, a directory, a device), or
     *     null if it is a regular file
     */
    public static String fileProblem(Path jar) {
        if (Files.isRegularFile(jar)) {
            return null;
        } else if (Files.isDirectory(jar)) {
            return "is a directory; give the path of a patch jar";
        } else if (Files.exists(jar)) {
            return "is not a regular file (a device, pipe or socket); give the path of a patch"
                    + " jar";
        }
        return "no such file; give the path of a patch jar";
    }

    static PatchException invalid(String where, String message) {
        return new PatchException(Kind.INVALID_PATCH, "invalid patch " + where + ": " + message);
    }

    static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }
}
