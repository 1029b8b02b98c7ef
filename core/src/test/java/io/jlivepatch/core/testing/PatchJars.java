package io.jlivepatch.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Builds patch jars from compiled test classes, the way a user's build would. */
public final class PatchJars {

    private PatchJars() {
    }

    /**
     * @param dir where to write the jar
     * @param name the jar's file name
     * @param classNames the binary names of the classes to put in it; they are not loaded
     * @return the jar
     */
    public static Path jar(Path dir, String name, String... classNames) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out)) {
            for (String className : classNames) {
                String entry = className.replace('.', '/') + ".class";
                jarOut.putNextEntry(new JarEntry(entry));
                try (InputStream in = PatchJars.class.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(jarOut);
                }
                jarOut.closeEntry();
            }
        }
        return jar;
    }
}
