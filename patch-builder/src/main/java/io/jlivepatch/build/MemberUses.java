package io.jlivepatch.build;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Which classes of a build use each member: by field and method instruction, or handle. */
final class MemberUses {

    private final Map<String, Set<String>> users = new HashMap<>();

    /** @param classes the build's classes by internal name */
    MemberUses(Map<String, byte[]> classes) {
        classes.forEach((user, bytes) -> new ClassReader(bytes).accept(new ClassVisitor(
                Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field,
                            String type) {
                        use(owner + "." + field + ":" + type, user);
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method,
                            String type, boolean isInterface) {
                        use(owner + "." + method + type, user);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String method, String type,
                            Handle bootstrap, Object... arguments) {
                        for (Object argument : arguments) {
                            if (argument instanceof Handle handle) {
                                use(handle.getOwner() + "." + handle.getName()
                                        + handle.getDesc(), user);
                            }
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES));
    }

    private void use(String member, String user) {
        users.computeIfAbsent(member, m -> new TreeSet<>()).add(user);
    }

    /**
     * @param owner the class declaring the member
     * @param key {@code name + descriptor} of a method, {@code name + ":" + descriptor} of a
     *     field
     * @return the classes that use it, in no particular order
     */
    Set<String> of(String owner, String key) {
        return users.getOrDefault(owner + "." + key, Set.of());
    }
}
