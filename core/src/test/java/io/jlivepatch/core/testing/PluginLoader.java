package io.jlivepatch.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A class loader that defines its own copy of one test class (child first) and delegates every
 * other class to the test's loader: a "module" that a test creates and drops.
 */
public final class PluginLoader extends ClassLoader {

    private final String className;
    /** The class-file major version to define the class with; 0: as compiled. */
    private final int classFileVersion;

    /**
     * @param name the loader's name, which {@code @Patch(loader = ...)} patterns match
     * @param className the binary name of the class this loader defines itself
     */
    public PluginLoader(String name, String className) {
        this(name, className, 0);
    }

    /**
     * A loader that defines its class as a class file of an older Java (its code must be valid
     * there: no {@code invokedynamic}, no nest).
     *
     * @param classFileVersion the major version to write into the class file, e.g. 50 (Java 6)
     */
    public PluginLoader(String name, String className, int classFileVersion) {
        super(name, PluginLoader.class.getClassLoader());
        this.className = className;
        this.classFileVersion = classFileVersion;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.equals(className)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded != null) {
                return loaded;
            }
            String resource = name.replace('.', '/') + ".class";
            try (InputStream in = getParent().getResourceAsStream(resource)) {
                byte[] bytes = in.readAllBytes();
                if (classFileVersion != 0) {
                    bytes[6] = (byte) (classFileVersion >> 8);
                    bytes[7] = (byte) classFileVersion;
                }
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }

    /**
     * Calls a static {@code String} method of the class through a method handle, as linked
     * bytecode would call it (the first call initialises the class).
     *
     * @return what the method returns
     */
    public String call(String method) throws Throwable {
        return (String) MethodHandles.publicLookup().findStatic(loadClass(className), method,
                MethodType.methodType(String.class)).invoke();
    }
}
