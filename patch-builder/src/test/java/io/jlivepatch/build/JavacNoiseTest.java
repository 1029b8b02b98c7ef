package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Build noise of another javac: the {@code checkcast} that JDK 8's javac puts after an array
 * initialiser in a static initialiser (jackson-databind 2.12.7 against 2.12.7.1) is no change,
 * and a cast that can fail still is.
 */
class JavacNoiseTest {

    private static final String SOURCE = """
            package app;
            public class Types {
                static final Class<?>[] TYPES = { String.class, Integer.class };
                static Object last;
                public static int count() { return TYPES.length; }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aCastThatCannotFailInTheStaticInitialiserIsNoChange() throws Exception {
        Path from = SourceBuilds.jar(dir, "old", Map.of("app/Types.java", SOURCE));
        Path to = withCastBeforeStore(from, "new", "TYPES", "[Ljava/lang/Class;");
        PatchBuild.Options options = new PatchBuild.Options(from, to, "fix", true,
                ClassFilter.all(), List.of());
        assertEquals(List.of("ignored: META-INF/MANIFEST.MF: new file: a patch carries classes"
                + " only", "ignored: app.Types: only casts that cannot fail differ, as javac"
                + " versions emit them", "unchanged: 1 classes"),
                PatchBuild.report(options).report(),
                "another JDK made the new build, but nothing it compiled differs: no notice");
        BuildException e = assertThrows(BuildException.class,
                () -> PatchBuild.write(options, dir.resolve("p.jar")));
        assertEquals(BuildException.Reason.NO_CHANGES, e.reason());
    }

    @Test
    void aCastThatCanFailInTheStaticInitialiserIsStillRefused() throws Exception {
        String source = SOURCE.replace("static Object last;",
                "static Object last = Integer.valueOf(1);");
        Path from = SourceBuilds.jar(dir, "old", Map.of("app/Types.java", source));
        Path to = withCastBeforeStore(from, "new", "last", "java/lang/Number");
        PatchBuild.Options options = new PatchBuild.Options(from, to, "fix", true,
                ClassFilter.all(), List.of());
        BuildException e = assertThrows(BuildException.class, () -> PatchBuild.write(options,
                dir.resolve("p.jar")));
        assertTrue(e.getMessage().contains("refused: app.Types.<clinit>()V: changed static"
                + " initialiser"), e.getMessage());
        List<String> report = PatchBuild.report(options).report();
        assertTrue(report.get(0).startsWith("notice: builds: the two builds come from different"
                + " JDKs (old: class files of Java 17, new: JDK 11, class files of Java 17)"),
                report.toString());
        assertEquals(1, report.stream().filter(line -> line.contains("different JDKs")).count());
    }

    /**
     * The build, made by another JDK, with a {@code checkcast} before the initialiser's store
     * into the field.
     */
    private Path withCastBeforeStore(Path from, String name, String field, String type)
            throws Exception {
        Path classes = Files.createDirectories(dir.resolve(name + "/app"));
        byte[] bytes = AppBuild.read(from).classes().get("app/Types");
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        MethodNode init = node.methods.stream().filter(m -> m.name.equals("<clinit>"))
                .findFirst().orElseThrow();
        for (AbstractInsnNode instruction : init.instructions.toArray()) {
            if (instruction.getOpcode() == Opcodes.PUTSTATIC
                    && ((org.objectweb.asm.tree.FieldInsnNode) instruction).name.equals(field)) {
                init.instructions.insertBefore(instruction,
                        new TypeInsnNode(Opcodes.CHECKCAST, type));
            }
        }
        ClassWriter writer = new ClassWriter(0);
        node.accept(writer);
        Files.write(classes.resolve("Types.class"), writer.toByteArray());
        Path meta = Files.createDirectories(dir.resolve(name + "/META-INF"));
        Files.writeString(meta.resolve("MANIFEST.MF"), "Manifest-Version: 1.0\nBuild-Jdk-Spec:"
                + " 11\n");
        return dir.resolve(name);
    }
}
