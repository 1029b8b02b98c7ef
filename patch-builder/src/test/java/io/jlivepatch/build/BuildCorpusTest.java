package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.hash.ClassHash;
import io.jlivepatch.core.load.PatchJarReader;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunction;
import io.jlivepatch.core.model.PatchObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus: one before/after source pair per kind of change, compiled here; for each, the
 * report lines and the generated patch, or the exact refusal.
 */
class BuildCorpusTest {

    @TempDir
    Path dir;

    private static final String CALC = """
            package app;
            public class Calc {
                private int calls;
                public int add(int a, int b) { calls++; return a + b; }
                public static int twice(int x) { return x * 2; }
                public String name() { return "calc"; }
            }
            """;

    private Path old(String source) throws IOException {
        return SourceBuilds.jar(dir, "old", Map.of("app/Calc.java", source));
    }

    private Path fixed(String source) throws IOException {
        return SourceBuilds.jar(dir, "new", Map.of("app/Calc.java", source));
    }

    private Changes build(Path from, Path to) throws BuildException {
        return PatchBuild.write(options(from, to), dir.resolve("patch.jar"));
    }

    private static PatchBuild.Options options(Path from, Path to) {
        return new PatchBuild.Options(from, to, "fix", true, ClassFilter.all(), List.of());
    }

    private Patch patch() throws Exception {
        return PatchJarReader.read(dir.resolve("patch.jar"));
    }

    private static List<String> keys(PatchObject object) {
        return object.functions().stream().map(PatchFunction::key).toList();
    }

    @Test
    void bodyChangeIsReplacedAndPinnedToTheOldClass() throws Exception {
        Path from = old(CALC);
        Changes changes = build(from, fixed(CALC.replace("a + b", "a + b + 1")));
        assertEquals(List.of("changed method: app.Calc.add(II)I", "unchanged: 0 classes"),
                changes.report());
        Patch patch = patch();
        assertTrue(patch.replace(), "cumulative by default");
        PatchObject object = patch.objects().get(0);
        assertEquals("app.Calc", object.targetClass());
        assertEquals(List.of("add(II)I"), keys(object));
        assertEquals(ClassHash.of(AppBuild.read(from).classes().get("app/Calc")),
                object.pinnedHash());
        assertEquals(List.of(new PatchObject.ShadowMember("calls", "I", false, true)),
                object.shadows());
    }

    @Test
    void onlyDebugInformationDiffersMeansNoChanges() throws Exception {
        Path from = old(CALC);
        Path to = fixed("\n\n" + CALC.replace("calls++;", "\n calls++;"));
        BuildException e = assertThrows(BuildException.class, () -> build(from, to));
        assertEquals(BuildException.Reason.NO_CHANGES, e.reason());
        assertTrue(e.getMessage().startsWith("no changes"), e.getMessage());
        assertEquals(List.of("ignored: app.Calc: only debug information (line numbers, local"
                + " variable names), annotations, constant-pool or member order differ",
                "unchanged: 1 classes"), PatchBuild.report(options(from, to)).report());
    }

    @Test
    void newHelperIsCarriedWithTheChangedMethod() throws Exception {
        Changes changes = build(old(CALC), fixed(CALC.replace("return a + b;",
                "return clamp(a + b); } private int clamp(int v) { return Math.min(v, 100);")));
        assertEquals(List.of("changed method: app.Calc.add(II)I",
                "new method: app.Calc.clamp(I)I", "unchanged: 0 classes"), changes.report());
        assertEquals(List.of("add(II)I"), keys(patch().objects().get(0)));
    }

    @Test
    void staticMethodAndStringConstantChange() throws Exception {
        Changes changes = build(old(CALC), fixed(CALC.replace("x * 2", "x * 3")
                .replace("\"calc\"", "\"calculator\"")));
        assertEquals(List.of("changed method: app.Calc.name()Ljava/lang/String;",
                "changed method: app.Calc.twice(I)I", "unchanged: 0 classes"), changes.report());
    }

    @Test
    void renumberedLambdasAreMatchedByContent() throws Exception {
        String before = """
                package app;
                import java.util.function.IntSupplier;
                public class Calc {
                    public int a() { IntSupplier s = () -> 1; return s.getAsInt(); }
                    public int b() { IntSupplier s = () -> 2; return s.getAsInt(); }
                }
                """;
        String after = """
                package app;
                import java.util.function.IntSupplier;
                public class Calc {
                    public int b() { IntSupplier s = () -> 2; return s.getAsInt(); }
                    public int a() { IntSupplier s = () -> 1; return s.getAsInt(); }
                }
                """;
        Path from = old(before);
        Path to = fixed(after);
        assertEquals(List.of("ignored: app.Calc: only the numbers javac gave lambdas or"
                + " anonymous classes differ", "unchanged: 1 classes"),
                PatchBuild.report(options(from, to)).report());
    }

    @Test
    void changedLambdaChangesItsCallerWhichCarriesTheNewBody() throws Exception {
        String before = """
                package app;
                import java.util.function.IntSupplier;
                public class Calc {
                    public int a() { IntSupplier s = () -> 1; return s.getAsInt(); }
                    public int b() { IntSupplier s = () -> 2; return s.getAsInt(); }
                }
                """;
        Changes changes = build(old(before), fixed(before.replace("() -> 1", "() -> 10")));
        assertEquals(List.of("changed method: app.Calc.a()I",
                "new method: app.Calc.lambda$a$0()I: lambda body", "unchanged: 0 classes"),
                changes.report());
        assertEquals(List.of("a()I"), keys(patch().objects().get(0)));
    }

    @Test
    void changedAnonymousClassIsItsOwnPatchObject() throws Exception {
        String before = """
                package app;
                public class Calc {
                    public Runnable first() { return new Runnable() { public void run() { System.out.println("one"); } }; }
                    public Runnable task() { return new Runnable() { public void run() { System.out.println("old"); } }; }
                }
                """;
        Changes changes = build(old(before), fixed(before.replace("\"old\"", "\"new\"")));
        assertEquals(List.of("changed method: app.Calc$2.run()V", "unchanged: 2 classes"),
                changes.report());
        PatchObject object = patch().objects().get(0);
        assertEquals("app.Calc$2", object.targetClass());
    }

    @Test
    void newAnonymousClassIsDefinedBesideTheTargetUnderAFreshName() throws Exception {
        String before = """
                package app;
                public class Calc {
                    public Runnable task() { return () -> {}; }
                }
                """;
        Changes changes = build(old(before), fixed(before.replace("return () -> {};",
                "return new Runnable() { public void run() { System.out.println(\"hi\"); } };")));
        List<String> report = changes.report();
        assertEquals("changed method: app.Calc.task()Ljava/lang/Runnable;", report.get(0));
        assertTrue(report.get(1).matches("new class: app\\.Calc\\$1: defined beside the running"
                + " classes as app\\.Calc\\$jlp\\$[0-9a-f]{8}\\$1"), report.get(1));
        PatchObject object = patch().objects().get(0);
        assertEquals(1, object.newClasses().size());
        assertTrue(object.newClasses().get(0).binaryName().startsWith("app.Calc$jlp$"));
    }

    @Test
    void interfaceDefaultMethodChange() throws Exception {
        String before = """
                package app;
                public interface Calc {
                    default int base() { return 1; }
                }
                """;
        Changes changes = build(old(before), fixed(before.replace("return 1", "return 2")));
        assertEquals(List.of("changed method: app.Calc.base()I", "unchanged: 0 classes"),
                changes.report());
    }

    @Test
    void overloadedMethodsAreMatchedByDescriptor() throws Exception {
        String before = """
                package app;
                public class Calc {
                    public int f(int x) { return x; }
                    public long f(long x) { return x; }
                }
                """;
        Changes changes = build(old(before), fixed(before.replace("long x) { return x;",
                "long x) { return -x;")));
        assertEquals(List.of("changed method: app.Calc.f(J)J", "unchanged: 0 classes"),
                changes.report());
    }

    @Test
    void privateMethodWhoseSignatureChangedIsANewHelper() throws Exception {
        String before = """
                package app;
                public class Calc {
                    public int f(int x) { return g(x); }
                    private int g(int x) { return x + 1; }
                }
                """;
        String after = """
                package app;
                public class Calc {
                    public int f(int x) { return g(x, 2); }
                    private int g(int x, int y) { return x + y; }
                }
                """;
        assertEquals(List.of("changed method: app.Calc.f(I)I",
                "ignored: app.Calc.g(I)I: method removed: it stays in the running class as"
                        + " dead code",
                "new method: app.Calc.g(II)I", "unchanged: 0 classes"),
                build(old(before), fixed(after)).report());
    }

    @Test
    void newStaticFieldMovesToAHolderThatInitialisesOnFirstUse() throws Exception {
        String before = """
                package app;
                import java.util.List;
                public class Calc {
                    static final List<String> NAMES = List.of("a");
                    public int f() { return NAMES.size(); }
                }
                """;
        String after = """
                package app;
                import java.util.List;
                public class Calc {
                    static final List<String> NAMES = List.of("a");
                    static final List<String> MORE = List.of("b", "c");
                    public int f() { return NAMES.size() + MORE.size(); }
                }
                """;
        List<String> report = build(old(before), fixed(after)).report();
        assertEquals("changed method: app.Calc.f()I", report.get(0));
        assertTrue(report.get(1).matches("notice: app\\.Calc\\.MORE: new static field, carried"
                + " in app\\.Calc\\$jlp\\$[0-9a-f]{8}\\$Statics: it now initialises when patched"
                + " code first uses it, not when app\\.Calc initialises"), report.get(1));
        assertEquals(1, patch().objects().get(0).newClasses().size());
    }

    @Test
    void newStaticFieldInAClassWithoutInitialiserAlsoMovesToAHolder() throws Exception {
        String after = CALC.replace("private int calls;", "private int calls;"
                + " static final java.util.List<String> TAGS = java.util.List.of(\"t\");")
                .replace("return \"calc\";", "return \"calc\" + TAGS;");
        List<String> report = build(old(CALC), fixed(after)).report();
        assertEquals("changed method: app.Calc.name()Ljava/lang/String;", report.get(0));
        assertTrue(report.get(1).startsWith("notice: app.Calc.TAGS: new static field"),
                report.get(1));
    }

    @Test
    void newCompileTimeConstantThatNothingReadsIsOmitted() throws Exception {
        String before = CALC;
        String after = CALC.replace("private int calls;",
                "private int calls; static final int LIMIT = 7;").replace("x * 2", "x * LIMIT");
        assertEquals(List.of("ignored: app.Calc.LIMIT: new compile-time constant: inlined"
                + " where it is used and never read as a field, so not carried",
                "changed method: app.Calc.twice(I)I", "unchanged: 0 classes"),
                build(old(before), fixed(after)).report());
    }

    @Test
    void addedInstanceFieldIsCarriedAsAShadowVariable() throws Exception {
        List<String> report = build(old(CALC), fixed(CALC.replace("private int calls;",
                "private int calls; private int max;").replace("calls++;",
                "calls++; max = Math.max(max, a + b);"))).report();
        assertTrue(report.stream().anyMatch(line -> line.startsWith("notice: app.Calc.max: new"
                + " instance field, carried as the shadow variable 0x")), report.toString());
        assertTrue(report.stream().noneMatch(line -> line.startsWith("refused")),
                report.toString());
    }

    @Test
    void changedSignatureOfAnOverridableMethodIsRefused() throws Exception {
        String before = """
                package app;
                public class Calc {
                    public int f(int x) { return x; }
                    public String toString() { return "calc"; }
                }
                """;
        String after = """
                package app;
                public class Calc {
                    public int f(int x) { return x; }
                    public int hashCode() { return 1; }
                    public String toString() { return "calc"; }
                }
                """;
        BuildException e = assertThrows(BuildException.class,
                () -> build(old(before), fixed(after)));
        assertTrue(e.getMessage().contains("refused: app.Calc.hashCode()I: new method that"
                + " overrides or is overridden by one of java.lang.Object: virtual calls on"
                + " running objects cannot reach a method a patch adds; give it another name,"
                + " or make it private or static"), e.getMessage());
    }

    @Test
    void changedStaticInitialiserIsRefused() throws Exception {
        String before = """
                package app;
                public class Calc {
                    static int base;
                    static { base = Integer.getInteger("base", 1); }
                    public int f() { return base; }
                }
                """;
        BuildException e = assertThrows(BuildException.class, () -> build(old(before),
                fixed(before.replace("base = Integer", "base = 2 * Integer"))));
        assertTrue(e.getMessage().contains("refused: app.Calc.<clinit>()V: changed static"
                + " initialiser: the class was initialised when it was loaded and a patch"
                + " cannot run its initialiser again"), e.getMessage());
    }

    @Test
    void newSerialisationHookIsRefusedAndANewConstructorNothingCallsIgnored()
            throws Exception {
        String after = CALC.replace("private int calls;", "private int calls; public Calc() {}"
                + " public Calc(int c) { calls = c; }"
                + " private Object readResolve() { return this; }");
        BuildException e = assertThrows(BuildException.class, () -> build(old(CALC),
                fixed(after)));
        assertTrue(PatchBuild.report(options(old(CALC), fixed(after))).report().contains(
                "ignored: app.Calc.<init>(I)V: new constructor that no changed constructor calls"
                        + " through this(...): nothing in the running JVM can call it and a"
                        + " loaded class cannot get constructors, so it is not carried (patched"
                        + " code that calls it is refused, naming it)"), e.getMessage());
        assertTrue(e.getMessage().contains("refused: app.Calc.readResolve()Ljava/lang/Object;:"
                + " new serialisation hook"), e.getMessage());
    }

    @Test
    void changedHierarchyIsRefused() throws Exception {
        BuildException e = assertThrows(BuildException.class, () -> build(old(CALC),
                fixed(CALC.replace("class Calc", "class Calc implements java.io.Serializable"))));
        assertTrue(e.getMessage().contains("refused: app.Calc: changed hierarchy"),
                e.getMessage());
    }

    @Test
    void changedConstructorAssigningAFinalFieldIsCarriedAndCallsFromItAreWarnedAbout()
            throws Exception {
        String before = """
                package app;
                public class Calc {
                    private final int base;
                    public Calc() { base = start(); }
                    int start() { return 1; }
                    public int base() { return base; }
                }
                """;
        Changes changes = build(old(before), fixed(before.replace("return 1", "return 2")));
        assertEquals(List.of("changed method: app.Calc.start()I",
                "warning: app.Calc.start()I: called by app.Calc.<init>()V: objects or caches"
                        + " built before the patch keep what the old code made; a post-patch"
                        + " callback (--with) may fix them", "unchanged: 0 classes"),
                changes.report());
        assertEquals(List.of("changed method: app.Calc.<init>()V",
                "warning: app.Calc.<init>()V: changed constructor: objects built before the patch"
                        + " keep what the old constructor made; a post-patch callback (--with)"
                        + " may fix them", "unchanged: 0 classes"), build(old(before),
                fixed(before.replace("base = start();", "base = start() + 1;"))).report());
    }

    @Test
    void changedConstructorWithoutFinalFieldsIsCarriedWithAWarning() throws Exception {
        String before = """
                package app;
                public class Calc extends Thread {
                    private int base;
                    public Calc() { super("calc"); base = 1; }
                    public int base() { return base; }
                }
                """;
        Changes changes = build(old(before), fixed(before.replace("base = 1", "base = 2")));
        assertEquals(List.of("changed method: app.Calc.<init>()V",
                "warning: app.Calc.<init>()V: changed constructor: objects built before the patch"
                        + " keep what the old constructor made; a post-patch callback (--with)"
                        + " may fix them", "unchanged: 0 classes"), changes.report());
        assertEquals(List.of("changed method: app.Calc.<init>()V",
                "warning: app.Calc.<init>()V: changed constructor, its super(...) or this(...)"
                        + " call too (replaced whole, inside the class's own constructor):"
                        + " objects built before the patch keep what the old constructor made; a"
                        + " post-patch callback (--with) may fix them", "unchanged: 0 classes"),
                build(old(before), fixed(before.replace("super(\"calc\")",
                        "super(\"calculator\")"))).report());
    }

    @Test
    void aNewBuildForANewerJavaThanTheReleaseIsWarnedAbout() throws Exception {
        Path fixed = fixed(CALC);
        Path newer = dir.resolve("newer.jar");
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(fixed.toFile());
                java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(
                        java.nio.file.Files.newOutputStream(newer))) {
            for (java.util.zip.ZipEntry entry : java.util.Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                if (entry.getName().endsWith(".class")) {
                    bytes[7] = 65;
                }
                out.putNextEntry(new java.util.jar.JarEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        List<String> report = build(old(CALC.replace("x * 2", "x * 3")), newer).report();
        assertTrue(report.contains("warning: builds: the new build has class files of Java 21,"
                + " the release only of Java 17: the patch loads only into JVMs of Java 21 or"
                + " later; compile the fix with --release 17 to patch the JVMs that run the"
                + " release"), report.toString());
    }

    @Test
    void newInterfaceMethodIsRefused() throws Exception {
        String before = """
                package app;
                public interface Calc {
                    int f();
                }
                """;
        BuildException e = assertThrows(BuildException.class, () -> build(old(before),
                fixed(before.replace("int f();", "int f(); default int g() { return 1; }"))));
        assertTrue(e.getMessage().contains("refused: app.Calc.g()I: new interface method"),
                e.getMessage());
    }
}
