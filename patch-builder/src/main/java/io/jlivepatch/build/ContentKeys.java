package io.jlivepatch.build;

import io.jlivepatch.core.hash.ClassHash;
import io.jlivepatch.core.hash.NormalForm;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.Remapper;

/**
 * Keys of one build's anonymous classes and lambda bodies by content, independent of the numbers
 * javac gave them: the {@link ClassHash} of the class (or of the lambda method alone) with its own
 * name, and the names of the anonymous classes and lambdas it uses, replaced by their keys. Two
 * builds of the same source give equal keys even when javac numbered them differently.
 */
final class ContentKeys {

    private static final String CYCLE = "cycle";

    private final Map<String, byte[]> classes;
    private final Map<String, String> classKeys = new HashMap<>();
    private final Map<String, String> lambdaKeys = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();

    /** @param classes the build's classes by internal name */
    ContentKeys(Map<String, byte[]> classes) {
        this.classes = classes;
    }

    /**
     * @param internalName a class of the build
     * @return its key by content
     */
    String ofClass(String internalName) {
        String known = classKeys.get(internalName);
        if (known != null) {
            return known;
        }
        if (!inProgress.add("class " + internalName)) {
            return CYCLE;
        }
        String key = ClassHash.of(NormalForm.of(classes.get(internalName),
                new ByContent(internalName)));
        inProgress.remove("class " + internalName);
        classKeys.put(internalName, key);
        return key;
    }

    /**
     * @param owner the class declaring the lambda body
     * @param methodKey its {@code name + descriptor}
     * @return its key by content
     */
    String ofLambda(String owner, String methodKey) {
        String id = owner + "." + methodKey;
        String known = lambdaKeys.get(id);
        if (known != null) {
            return known;
        }
        if (!inProgress.add("lambda " + id)) {
            return CYCLE;
        }
        NormalForm form = NormalForm.of(onlyMethod(classes.get(owner), methodKey),
                new ByContent(owner));
        StringBuilder text = new StringBuilder();
        form.methods().forEach((key, member) -> text.append(member.access()).append(' ')
                .append(key.substring(key.indexOf('('))).append('\n').append(member.form()));
        String key = ClassHash.digest(text.toString());
        inProgress.remove("lambda " + id);
        lambdaKeys.put(id, key);
        return key;
    }

    /** The class with one method only, so that its normal form is that method's. */
    private static byte[] onlyMethod(byte[] classBytes, String methodKey) {
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                return methodKey.equals(name + descriptor)
                        ? super.visitMethod(access, name, descriptor, signature, exceptions)
                        : null;
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    /** Replaces javac's numbered names by keys: the class itself, anonymous classes, lambdas. */
    private final class ByContent extends Remapper {
        private final String self;

        ByContent(String self) {
            this.self = self;
        }

        @Override
        public String map(String internalName) {
            if (internalName.equals(self)) {
                return "$self";
            }
            if (JavacNames.isAnonymous(internalName) && classes.containsKey(internalName)) {
                return "$anon$" + ofClass(internalName);
            }
            return internalName;
        }

        @Override
        public String mapMethodName(String owner, String name, String descriptor) {
            if (JavacNames.isLambda(name) && classes.containsKey(owner)) {
                return "lambda$" + ofLambda(owner, name + descriptor);
            }
            return name;
        }
    }
}
