package io.jlivepatch.core.bytecode;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A class visitor that drops the nesting attributes ({@code InnerClasses}, {@code NestHost},
 * {@code NestMembers}, {@code EnclosingMethod}, {@code PermittedSubclasses}) and passes the rest
 * on: for reading the classes a class really uses, and for writing a class that is defined on its
 * own, outside the nest it was compiled in.
 */
public final class WithoutNesting extends ClassVisitor {

    /** @param next the visitor that gets everything else */
    public WithoutNesting(ClassVisitor next) {
        super(Opcodes.ASM9, next);
    }

    @Override
    public void visitNestHost(String nestHost) {
    }

    @Override
    public void visitNestMember(String nestMember) {
    }

    @Override
    public void visitOuterClass(String owner, String name, String descriptor) {
    }

    @Override
    public void visitInnerClass(String name, String outerName, String innerName, int access) {
    }

    @Override
    public void visitPermittedSubclass(String permittedSubclass) {
    }
}
