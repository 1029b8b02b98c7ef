package io.jlivepatch.build;

import io.jlivepatch.core.load.DanglingReferences;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The classes a patch will run with, as far as the build can see them: the release's, then the
 * dependencies' ({@code --classpath}), then the JDK's.
 */
final class ReleaseClassFiles implements DanglingReferences.ClassFiles {

    private final AppBuild release;
    private final Map<String, byte[]> dependencies;

    /**
     * @param release the build the JVM runs
     * @param dependencies its dependencies' classes by internal name
     */
    ReleaseClassFiles(AppBuild release, Map<String, byte[]> dependencies) {
        this.release = release;
        this.dependencies = dependencies;
    }

    @Override
    public byte[] read(String internalName) {
        byte[] bytes = release.classes().get(internalName);
        if (bytes == null) {
            bytes = dependencies.get(internalName);
        }
        if (bytes != null) {
            return bytes;
        }
        try (InputStream in = ClassLoader.getPlatformClassLoader()
                .getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
