package io.jlivepatch.core.redirect;

import java.io.IOException;
import java.io.InputStream;

/**
 * The class file a loaded class was defined from, read again from its class loader: what the
 * other agents' retransformation-capable transformers start from when nothing redefined the
 * class since.
 */
final class ClassFiles {

    private ClassFiles() {
    }

    /**
     * @param type a loaded class
     * @return the bytes of its {@code .class} resource, or {@code null} if its loader has none
     *     (a generated class, or a loader that serves no resources)
     */
    static byte[] of(Class<?> type) {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
