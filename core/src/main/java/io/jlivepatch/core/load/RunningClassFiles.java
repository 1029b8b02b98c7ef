package io.jlivepatch.core.load;

import java.io.IOException;
import java.io.InputStream;

/**
 * The class files a class loader sees, for {@link DanglingReferences} at load: the running
 * classes' declared members are those of their class files (retransformation cannot add or
 * remove members).
 */
final class RunningClassFiles implements DanglingReferences.ClassFiles {

    private final ClassLoader loader;

    /** @param loader the target's class loader, {@code null} for the boot loader */
    RunningClassFiles(ClassLoader loader) {
        this.loader = loader == null ? ClassLoader.getPlatformClassLoader() : loader;
    }

    @Override
    public byte[] read(String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * @param internalName a class this loader has no class file of
     * @return whether it cannot load it either
     */
    boolean lacks(String internalName) {
        try {
            Class.forName(internalName.replace('/', '.'), false, loader);
            return false;
        } catch (ClassNotFoundException | LinkageError e) {
            return true;
        }
    }
}
