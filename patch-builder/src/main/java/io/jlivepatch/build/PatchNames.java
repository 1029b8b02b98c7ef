package io.jlivepatch.build;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.MethodRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

/**
 * Renames the new build's code into the names it has in the patch, as a visitor chain: new
 * static fields and new methods other classes call move to their holders, new instance fields
 * to the accessors of their shadow variables, then renumbered anonymous classes take their old
 * names and new classes their fresh ones. Lambda bodies keep their new-build names: the patch
 * carries them.
 */
final class PatchNames {

    private final Changes changes;
    private final SimpleRemapper remapper;

    PatchNames(Changes changes) {
        this.changes = changes;
        this.remapper = new SimpleRemapper(changes.renames());
    }

    /** @return a class visitor that renames, then passes on to {@code next} */
    ClassVisitor classes(ClassVisitor next) {
        return new ClassVisitor(Opcodes.ASM9, new ClassRemapper(next, remapper)) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                return new HolderMoves(super.visitMethod(access, name, descriptor, signature,
                        exceptions));
            }
        };
    }

    /** @return a method visitor that renames, then passes on to {@code next} */
    MethodVisitor method(MethodVisitor next) {
        return new HolderMoves(new MethodRemapper(next, remapper));
    }

    /** @return a class name of the new build as the patch names it */
    String map(String internalName) {
        return remapper.map(internalName);
    }

    /** @return a field descriptor of the new build as the patch writes it */
    String mapDescriptor(String descriptor) {
        return remapper.mapDesc(descriptor);
    }

    /** @return a method descriptor of the new build as the patch writes it */
    String mapMethodDescriptor(String descriptor) {
        return remapper.mapMethodDesc(descriptor);
    }

    /**
     * Sends field instructions on new static fields, and calls of new methods that other
     * classes call, to their holders, and field instructions on new instance fields to their
     * accessors.
     */
    private final class HolderMoves extends MethodVisitor {
        HolderMoves(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            for (ShadowFields fields : changes.shadowFields()) {
                String key = name + ":" + descriptor;
                if (fields.owner().equals(owner) && fields.holds(key)) {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, fields.name(), name,
                            opcode == Opcodes.GETFIELD ? fields.getter(key) : fields.setter(key),
                            false);
                    return;
                }
            }
            for (StaticsHolder holder : changes.holders()) {
                if (holder.owner().equals(owner) && holder.holds(name + ":" + descriptor)) {
                    owner = holder.name();
                }
            }
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                boolean isInterface) {
            for (MethodsHolder holder : changes.methodHolders()) {
                if (holder.owner().equals(owner) && holder.holds(name + descriptor)) {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, holder.name(), name,
                            holder.descriptor(name + descriptor), false);
                    return;
                }
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }
    }
}
