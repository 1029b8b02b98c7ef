package io.jlivepatch.core.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The semantic hash of a class (DESIGN §4, "Hash pinning"): a SHA-256 digest of its
 * {@link NormalForm}, shortened to 16 hex digits. It is the same whether computed from the class
 * file or from the bytes a JVM reports for the loaded class, which list the constant pool and
 * the members in the JVM's own order and carry no debug information; it changes when the class's
 * header, a member's access or type, a constant value, or any instruction changes.
 *
 * <p>{@code jlp build} pins every patch object to the hash of the class it was built against
 * ({@code @Patch(hash = ...)}), and the engine refuses the object when the running class's hash
 * differs.
 */
public final class ClassHash {

    private ClassHash() {
    }

    /**
     * @param classBytes a class file, or the bytes a JVM reports for a class
     * @return its semantic hash: 16 lower-case hex digits
     */
    public static String of(byte[] classBytes) {
        return of(NormalForm.of(classBytes));
    }

    /**
     * @param form a class in normal form
     * @return its semantic hash: 16 lower-case hex digits
     */
    public static String of(NormalForm form) {
        StringBuilder text = new StringBuilder();
        text.append("class ").append(form.access()).append(' ').append(form.name())
                .append(" extends ").append(form.superName())
                .append(" implements ").append(String.join(",", form.interfaces())).append('\n');
        append(text, "field ", form.fields());
        append(text, "method ", form.methods());
        return digest(text.toString());
    }

    /**
     * @param text any text
     * @return the first 16 hex digits of its SHA-256 digest, the form every hash here takes
     */
    public static String digest(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void append(StringBuilder text, String kind,
            Map<String, NormalForm.Member> members) {
        members.forEach((key, member) -> text.append(kind).append(member.access()).append(' ')
                .append(key).append('\n').append(member.form()).append('\n'));
    }
}
