package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.bytecode.ConstructorBody;
import io.jlivepatch.core.bytecode.PrologueWeaver;
import io.jlivepatch.core.load.PatchJarReader;
import io.jlivepatch.core.model.PatchObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changed constructors in {@code jlp build}: carried after their super call, or whole. */
class ConstructorBuildsTest {

    private static final String BEFORE = """
            package app;
            public class Reader extends java.io.FilterReader {
                private final int limit;
                public Reader(java.io.Reader in) { this(in, 10); }
                public Reader(java.io.Reader in, int limit) { super(in); this.limit = limit; }
                public int limit() { return limit; }
            }
            """;

    @TempDir
    Path dir;

    private Changes build(String before, String after) throws Exception {
        Path from = SourceBuilds.jar(dir, "old", Map.of("app/Reader.java", before));
        Path to = SourceBuilds.jar(dir, "new", Map.of("app/Reader.java", after));
        return PatchBuild.write(new PatchBuild.Options(from, to, "fix", true, ClassFilter.all(),
                List.of()), dir.resolve("patch.jar"));
    }

    /**
     * Weaves the patch's whole bodies of a constructor into the release's class, as the engine
     * does, and defines the result, so that the JVM's verifier checks it.
     */
    private void assertWovenVerifies(String key) throws Exception {
        byte[] release = AppBuild.read(dir.resolve("old.jar")).classes().get("app/Reader");
        ConstructorBody body = ConstructorBody.of(7, object().patchClassBytes(), key, Map.of());
        byte[] woven = PrologueWeaver.weave(release, Map.of(key, 1), Map.of(key, List.of(body)));
        Class<?> defined = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass("app.Reader", woven, 0, woven.length);
            }
        }.define();
        assertEquals(2, defined.getDeclaredConstructors().length, "verified and linked");
    }

    private PatchObject object() throws Exception {
        return PatchJarReader.read(dir.resolve("patch.jar")).objects().get(0);
    }

    @Test
    void aChangedThisCallIsCarriedWholeAndTheOtherConstructorAfterItsCall() throws Exception {
        Changes changes = build(BEFORE, BEFORE.replace("this(in, 10)", "this(in, 20)")
                .replace("this.limit = limit;", "this.limit = Math.max(0, limit);"));
        assertEquals(List.of("changed method: app.Reader.<init>(Ljava/io/Reader;)V",
                "warning: app.Reader.<init>(Ljava/io/Reader;)V: changed constructor, its"
                        + " super(...) or this(...) call too (replaced whole, inside the class's"
                        + " own constructor): objects built before the patch keep what the old"
                        + " constructor made; a post-patch callback (--with) may fix them",
                "changed method: app.Reader.<init>(Ljava/io/Reader;I)V",
                "warning: app.Reader.<init>(Ljava/io/Reader;I)V: changed constructor: objects"
                        + " built before the patch keep what the old constructor made; a"
                        + " post-patch callback (--with) may fix them", "unchanged: 0 classes"),
                changes.report());
        byte[] patchClass = object().patchClassBytes();
        assertTrue(ConstructorBody.replacesWhole(patchClass, "<init>(Ljava/io/Reader;)V"));
        assertFalse(ConstructorBody.replacesWhole(patchClass, "<init>(Ljava/io/Reader;I)V"));
        assertWovenVerifies("<init>(Ljava/io/Reader;)V");
    }

    @Test
    void aWholeConstructorCallingANewMethodCallsItInItsHolder() throws Exception {
        Changes changes = build(BEFORE, BEFORE.replace("super(in);", "super(checked(in));")
                .replace("public int limit()", "private static java.io.Reader"
                        + " checked(java.io.Reader in) { return java.util.Objects"
                        + ".requireNonNull(in); } public int limit()"));
        assertFalse(changes.refused(), changes.report().toString());
        assertTrue(changes.report().stream().anyMatch(line -> line.startsWith("notice:"
                + " app.Reader.checked(Ljava/io/Reader;)Ljava/io/Reader;: new method called by"
                + " other classes' patched code: carried as a static method of app.Reader$jlp$")),
                changes.report().toString());
        assertEquals(List.of(), usesOfTheTarget(
                uses(object().patchClassBytes(), "<init>(Ljava/io/Reader;I)V"), "checked"),
                "the whole body calls the holder, not the running class");
        assertWovenVerifies("<init>(Ljava/io/Reader;I)V");
    }

    @Test
    void aWholeConstructorUsingANewInstanceFieldWritesItsShadowVariable() throws Exception {
        Changes changes = build(BEFORE, BEFORE.replace("super(in);",
                "super(java.util.Objects.requireNonNull(in)); this.window = limit * 2;")
                .replace("private final int limit;", "private final int limit; private int"
                        + " window = 4;").replace("return limit;", "return limit + window;"));
        assertFalse(changes.refused(), changes.report().toString());
        assertTrue(changes.report().stream().anyMatch(line -> line.startsWith("notice:"
                + " app.Reader.window: new instance field, carried as the shadow variable")),
                changes.report().toString());
        assertEquals(List.of(), usesOfTheTarget(
                uses(object().patchClassBytes(), "<init>(Ljava/io/Reader;I)V"), "window"),
                "the whole body reaches the field through its shadow variable's accessors");
        assertWovenVerifies("<init>(Ljava/io/Reader;I)V");
    }

    @Test
    void aWholeConstructorUsingNewFieldsOfANewClassesTypeReachesThemOutsideTheClass()
            throws Exception {
        Path from = SourceBuilds.jar(dir, "old", Map.of("app/Reader.java", BEFORE));
        Path to = SourceBuilds.jar(dir, "new", Map.of("app/Reader.java", BEFORE.replace(
                "super(in);", "super(POOL.checked(in));").replace("private final int limit;",
                "private final int limit; private static final Pool POOL = new Pool();"
                        + " private Pool own = POOL;"),
                "app/Pool.java", "package app; final class Pool { java.io.Reader"
                        + " checked(java.io.Reader in) { return java.util.Objects"
                        + ".requireNonNull(in); } }"));
        Changes changes = PatchBuild.write(new PatchBuild.Options(from, to, "fix", true,
                ClassFilter.all(), List.of()), dir.resolve("patch.jar"));
        assertFalse(changes.refused(), changes.report().toString());
        List<String> uses = uses(object().patchClassBytes(), "<init>(Ljava/io/Reader;I)V");
        assertEquals(List.of(), usesOfTheTarget(uses, "POOL"), uses.toString());
        assertEquals(List.of(), usesOfTheTarget(uses, "own"), uses.toString());
        assertWovenVerifies("<init>(Ljava/io/Reader;I)V");
    }

    @Test
    void aWholeConstructorUsingALambdaBodyIsStillRefusedNamingIt() throws Exception {
        BuildException e = assertThrows(BuildException.class, () -> build(BEFORE,
                BEFORE.replace("super(in);", "super(java.util.Optional.ofNullable(in)"
                        + ".map(r -> r).orElseThrow());")));
        assertTrue(e.getMessage().contains("refused: app.Reader.<init>(Ljava/io/Reader;I)V:"
                + " changed constructor whose super(...) or this(...) call changed, and whose"
                + " code uses lambda$new$0(Ljava/io/Reader;)Ljava/io/Reader;, which the running"
                + " class lacks"), e.getMessage());
    }

    @Test
    void aNewConstructorReachedOnlyThroughThisCallsIsInlined() throws Exception {
        Changes changes = build(BEFORE, BEFORE.replace("this(in, 10)", "this(in, 10, true)")
                .replace("public int limit()", "public Reader(java.io.Reader in, int limit,"
                        + " boolean strict) { super(in); this.limit = strict ? 1 : limit; }"
                        + " public int limit()"));
        assertTrue(changes.report().contains("notice: app.Reader.<init>(Ljava/io/Reader;IZ)V:"
                + " new constructor: carried inlined into the changed constructors that call it"
                + " through this(...); a loaded class cannot get constructors, so no other code"
                + " may call it"), changes.report().toString());
        assertTrue(ConstructorBody.replacesWhole(object().patchClassBytes(),
                "<init>(Ljava/io/Reader;)V"));
        assertWovenVerifies("<init>(Ljava/io/Reader;)V");
    }

    @Test
    void aNewConstructorThatNothingCarriedCallsIsIgnored() throws Exception {
        Changes changes = build(BEFORE, BEFORE.replace("this.limit = limit;",
                "this.limit = Math.max(0, limit);").replace("public int limit()",
                "public Reader(java.io.Reader in, boolean strict) { this(in, strict ? 1 : 10); }"
                        + " public int limit()"));
        assertTrue(changes.report().contains("ignored: app.Reader.<init>(Ljava/io/Reader;Z)V:"
                + " new constructor that no changed constructor calls through this(...): nothing"
                + " in the running JVM can call it and a loaded class cannot get constructors,"
                + " so it is not carried (patched code that calls it is refused, naming it)"),
                changes.report().toString());
    }

    @Test
    void aNewConstructorCalledByOtherCodeIsStillRefused() throws Exception {
        BuildException e = assertThrows(BuildException.class, () -> build(BEFORE,
                BEFORE.replace("public int limit() { return limit; }", "public int limit() {"
                        + " return new Reader(this, 1, true).limit; } public Reader(java.io.Reader"
                        + " in, int limit, boolean strict) { super(in); this.limit = limit; }")));
        assertTrue(e.getMessage().contains("refused: app.Reader.<init>(Ljava/io/Reader;IZ)V: new"
                + " constructor called by app.Reader.limit()I: a loaded class cannot get"
                + " constructors; build the object with an existing constructor"),
                e.getMessage());
    }

    @Test
    void aWholeConstructorReadingANewStaticFieldReachesItInItsHolder() throws Exception {
        Changes changes = build(BEFORE, BEFORE.replace("this(in, 10)", "this(in, DEFAULT)")
                .replace("private final int limit;", "private final int limit; private static"
                        + " final int DEFAULT = Integer.getInteger(\"limit\", 20);"));
        assertTrue(changes.report().contains("changed method: app.Reader.<init>"
                + "(Ljava/io/Reader;)V"), changes.report().toString());
        assertFalse(changes.refused(), changes.report().toString());
        assertWovenVerifies("<init>(Ljava/io/Reader;)V");
    }

    /** The members a method of a class uses: {@code owner.name descriptor}, in order. */
    private static List<String> uses(byte[] classBytes, String key) {
        List<String> uses = new java.util.ArrayList<>();
        new org.objectweb.asm.ClassReader(classBytes).accept(new org.objectweb.asm.ClassVisitor(
                org.objectweb.asm.Opcodes.ASM9) {
            @Override
            public org.objectweb.asm.MethodVisitor visitMethod(int access, String name,
                    String descriptor, String signature, String[] exceptions) {
                if (!key.equals(name + descriptor)) {
                    return null;
                }
                return new org.objectweb.asm.MethodVisitor(org.objectweb.asm.Opcodes.ASM9) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field,
                            String fieldDescriptor) {
                        uses.add(owner + "." + field + " " + fieldDescriptor);
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method,
                            String methodDescriptor, boolean isInterface) {
                        uses.add(owner + "." + method + " " + methodDescriptor);
                    }
                };
            }
        }, 0);
        return uses;
    }

    private static List<String> usesOfTheTarget(List<String> uses, String member) {
        return uses.stream().filter(use -> use.startsWith("app/Reader." + member + " ")).toList();
    }
}
