package io.jlivepatch.build;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes a patch jar: its classes in name order with a fixed time stamp, so that the same builds
 * give the same jar byte for byte.
 */
final class PatchJarWriter {

    /** 2000-01-01T00:00:00Z: any fixed time. */
    private static final long ENTRY_TIME = 946_684_800_000L;

    private PatchJarWriter() {
    }

    /**
     * @param classes the classes by internal name
     * @param jar where to write it; replaced if it exists
     * @throws BuildException (BAD_INPUT) if it cannot be written
     */
    static void write(Map<String, byte[]> classes, Path jar) throws BuildException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Created-By", "jlp build");
        try {
            if (jar.toAbsolutePath().getParent() != null) {
                Files.createDirectories(jar.toAbsolutePath().getParent());
            }
            try (OutputStream out = Files.newOutputStream(jar);
                    JarOutputStream jarOut = new JarOutputStream(out)) {
                JarEntry manifestEntry = new JarEntry("META-INF/MANIFEST.MF");
                manifestEntry.setTime(ENTRY_TIME);
                jarOut.putNextEntry(manifestEntry);
                manifest.write(jarOut);
                jarOut.closeEntry();
                for (Map.Entry<String, byte[]> entry : new java.util.TreeMap<>(classes)
                        .entrySet()) {
                    JarEntry classEntry = new JarEntry(entry.getKey() + ".class");
                    classEntry.setTime(ENTRY_TIME);
                    jarOut.putNextEntry(classEntry);
                    jarOut.write(entry.getValue());
                    jarOut.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.BAD_INPUT, jar + ": cannot write the"
                    + " patch jar: " + e.getMessage());
        }
    }
}
