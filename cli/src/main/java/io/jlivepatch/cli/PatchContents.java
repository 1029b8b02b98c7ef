package io.jlivepatch.cli;

import io.jlivepatch.core.model.Callback;
import io.jlivepatch.core.model.PatchFunction;
import io.jlivepatch.core.model.PatchObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What a patch object carries besides its replacements and callbacks: the helper methods of its
 * patch class (new methods, lambda bodies) and the classes it defines beside its target (new
 * classes and the holders {@code jlp build} generates).
 */
final class PatchContents {

    private PatchContents() {
    }

    /**
     * @param object a patch object
     * @return its helper methods, {@code name + descriptor}, in class-file order
     */
    static List<String> helpers(PatchObject object) {
        Set<String> known = new HashSet<>();
        for (PatchFunction function : object.functions()) {
            known.add(function.key());
        }
        for (PatchObject.ShadowMember shadow : object.shadows()) {
            known.add(shadow.name() + shadow.descriptor());
        }
        for (Callback callback : object.callbacks()) {
            known.add(callback.name() + callback.descriptor());
        }
        List<String> helpers = new ArrayList<>();
        new ClassReader(object.patchClassBytes()).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                if (!name.startsWith("<") && !known.contains(name + descriptor)) {
                    helpers.add(name + descriptor);
                }
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return helpers;
    }

    /**
     * @param object a patch object
     * @return the binary names of the classes it defines beside its target
     */
    static List<String> newClasses(PatchObject object) {
        return object.newClasses().stream().map(PatchObject.NewClass::binaryName).toList();
    }
}
