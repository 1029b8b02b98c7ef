package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * New instance fields are carried as shadow variables: the report says what objects built
 * before the patch read, the carried code reaches the fields through accessors of
 * {@code ShadowVariables}, and the accessors, defined beside the old class, read the
 * initialiser's constant (or the type's default) for an object built by the old constructor and
 * what was written once written.
 */
class ShadowFieldsTest {

    private static final String COUNTER = """
            package app;
            public class Counter {
                private int hits;
                public Counter() { }
                public Counter(int hits) { this.hits = hits; }
                public int hit() { return ++hits; }
            }
            """;
    private static final String COUNTER_FIXED = """
            package app;
            public class Counter {
                private int hits;
                private int limit = 3;
                String label = "c";
                private long total;
                private boolean on = true;
                private Object owner = new Object();
                public Counter() { }
                public Counter(int hits) { this.hits = hits; total = hits; }
                public int hit() {
                    total += 10;
                    return on && hits < limit ? ++hits : hits;
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void newInstanceFieldsAreShadowVariablesThatOldObjectsReadAsTheirInitialiserSays()
            throws Exception {
        Path from = SourceBuilds.jar(dir, "old", Map.of("app/Counter.java", COUNTER));
        Path to = SourceBuilds.jar(dir, "new", Map.of("app/Counter.java", COUNTER_FIXED));
        Path patch = dir.resolve("p.jar");
        List<String> report = PatchBuild.write(new PatchBuild.Options(from, to, "fix", true,
                ClassFilter.all(), List.of()), patch).report();
        assertFalse(report.stream().anyMatch(line -> line.startsWith("refused")),
                report.toString());
        assertTrue(report.contains("changed method: app.Counter.hit()I"), report.toString());
        for (String field : List.of("limit: 3 (its initialiser)", "label: \"c\" (its"
                + " initialiser)", "total: 0 (the type's default)", "on: true (its initialiser)",
                "owner: null (the type's default)")) {
            String name = field.substring(0, field.indexOf(':'));
            String before = field.substring(field.indexOf(':') + 2);
            assertEquals(1, report.stream().filter(line -> line.startsWith("notice: app.Counter."
                    + name + ": new instance field, carried as the shadow variable 0x")
                    && line.endsWith(" of each object: objects built after the patch hold what"
                    + " the patched constructors assign, objects built before read " + before
                    + " until patched code assigns it")).count(), field + " in " + report);
        }

        Map<String, byte[]> classes = classes(patch);
        String accessor = classes.keySet().stream().filter(n -> n.startsWith("app/Counter$jlp$")
                && n.endsWith("$Fields")).findFirst().orElseThrow();
        assertEquals(List.of(), fieldInstructions(classes.get("app/Counter")),
                "the carried code reads and writes no field the running class lacks");

        Map<String, byte[]> running = new HashMap<>(classes(from));
        running.put(accessor, classes.get(accessor));
        ClassLoader loader = new DefiningLoader(running);
        Class<?> counter = loader.loadClass("app.Counter");
        Class<?> fields = loader.loadClass(accessor.replace('/', '.'));
        Object builtBefore = counter.getConstructor().newInstance();
        assertEquals(3, get(fields, counter, "limit", builtBefore));
        assertEquals("c", get(fields, counter, "label", builtBefore));
        assertEquals(0L, get(fields, counter, "total", builtBefore));
        assertEquals(true, get(fields, counter, "on", builtBefore));
        assertNull(get(fields, counter, "owner", builtBefore));

        set(fields, counter, "limit", int.class, builtBefore, 7);
        set(fields, counter, "label", String.class, builtBefore, null);
        set(fields, counter, "total", long.class, builtBefore, 1L << 40);
        set(fields, counter, "on", boolean.class, builtBefore, false);
        Object other = counter.getConstructor().newInstance();
        assertEquals(7, get(fields, counter, "limit", builtBefore));
        assertNull(get(fields, counter, "label", builtBefore), "a field set to null is null");
        assertEquals(1L << 40, get(fields, counter, "total", builtBefore));
        assertEquals(false, get(fields, counter, "on", builtBefore));
        assertEquals(3, get(fields, counter, "limit", other), "each object has its own");
    }

    @Test
    void aFieldSetToDifferentConstantsByTwoConstructorsReadsAsTheTypesDefault() throws Exception {
        String fixed = COUNTER.replace("private int hits;", "private int hits; int mode;")
                .replace("public Counter() { }", "public Counter() { mode = 2; }")
                .replace("this.hits = hits; }", "this.hits = hits; mode = 1; }");
        Path from = SourceBuilds.jar(dir, "old", Map.of("app/Counter.java", COUNTER));
        Path to = SourceBuilds.jar(dir, "new", Map.of("app/Counter.java", fixed));
        List<String> report = PatchBuild.report(new PatchBuild.Options(from, to, "fix", true,
                ClassFilter.all(), List.of())).report();
        assertTrue(report.stream().anyMatch(line -> line.startsWith("notice: app.Counter.mode:")
                && line.contains("objects built before read 0 (the type's default)")),
                report.toString());
    }

    private static Object get(Class<?> fields, Class<?> owner, String name, Object obj)
            throws Exception {
        return fields.getMethod(name, owner).invoke(null, obj);
    }

    private static void set(Class<?> fields, Class<?> owner, String name, Class<?> type,
            Object obj, Object value) throws Exception {
        Method setter = fields.getMethod(name, owner, type);
        setter.invoke(null, obj, value);
    }

    private static List<String> fieldInstructions(byte[] patchClass) {
        List<String> uses = new java.util.ArrayList<>();
        new ClassReader(patchClass).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field,
                            String fieldDescriptor) {
                        if (!field.equals("hits")) {
                            uses.add(owner + "." + field);
                        }
                    }
                };
            }
        }, 0);
        return uses;
    }

    private static Map<String, byte[]> classes(Path jar) throws Exception {
        Map<String, byte[]> classes = new HashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : java.util.Collections.list(file.entries())) {
                if (entry.getName().endsWith(".class")) {
                    classes.put(entry.getName().substring(0, entry.getName().length() - 6),
                            file.getInputStream(entry).readAllBytes());
                }
            }
        }
        return classes;
    }

    /** Defines the given classes, as the running application's loader would. */
    private static final class DefiningLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        DefiningLoader(Map<String, byte[]> classes) {
            super(ShadowFieldsTest.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name.replace('.', '/'));
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
