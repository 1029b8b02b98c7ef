package io.jlivepatch.bench.redirect;

import java.io.IOException;
import java.io.InputStream;

/**
 * Defines a copy of a benchmark class as a class file of Java 6 (major version 50), as libraries
 * such as netty 4.1 and logback 1.2 ship theirs; its code must be valid there (no
 * {@code invokedynamic}). Every other class comes from the benchmark's loader.
 */
final class Java6Classes extends ClassLoader {

    private final String className;

    private Java6Classes(String className) {
        super("java6", Java6Classes.class.getClassLoader());
        this.className = className;
    }

    /** @return a new instance of the class's Java 6 copy */
    static Checksum instance(String className) {
        try {
            return (Checksum) new Java6Classes(className).loadClass(className)
                    .getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot define " + className + " as Java 6", e);
        }
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
            try (InputStream in = getParent().getResourceAsStream(
                    name.replace('.', '/') + ".class")) {
                byte[] bytes = in.readAllBytes();
                bytes[6] = 0;
                bytes[7] = 50;
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
