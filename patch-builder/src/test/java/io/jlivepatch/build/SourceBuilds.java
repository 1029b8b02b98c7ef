package io.jlivepatch.build;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles Java sources in the tests into a jar, as an application's build would. */
final class SourceBuilds {

    private SourceBuilds() {
    }

    /**
     * @param dir a temporary directory
     * @param name the jar's name without {@code .jar}
     * @param sources source text by path, for example {@code app/Calc.java}
     * @return the jar of the compiled classes
     */
    static Path jar(Path dir, String name, Map<String, String> sources) throws IOException {
        return jar(dir, name, sources, null);
    }

    /**
     * @param dir a temporary directory
     * @param name the jar's name without {@code .jar}
     * @param sources source text by path
     * @param classpath a jar the sources compile against, or {@code null}
     * @return the jar of the compiled classes
     */
    static Path jar(Path dir, String name, Map<String, String> sources, Path classpath)
            throws IOException {
        return jar(dir, name, sources, classpath, 17);
    }

    /**
     * @param release the Java release to compile for ({@code --release})
     * @return the jar of the compiled classes
     */
    static Path jar(Path dir, String name, Map<String, String> sources, Path classpath,
            int release) throws IOException {
        Path src = Files.createDirectories(dir.resolve(name + "-src"));
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        List<String> args = new ArrayList<>(List.of("--release", Integer.toString(release), "-g", "-d",
                classes.toString()));
        if (classpath != null) {
            args.addAll(List.of("-cp", classpath.toString()));
        }
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        int status = javac.run(null, null, errors, args.toArray(new String[0]));
        if (status != 0) {
            throw new IllegalStateException("javac failed for " + name + ": " + errors);
        }
        Path jar = dir.resolve(name + ".jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                jarOut.write(Files.readAllBytes(file));
                jarOut.closeEntry();
            }
        }
        return jar;
    }
}
