package io.jlivepatch.build;

import java.util.List;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * A class the patch adds beside a target to hold the target's new static fields: the running
 * target cannot get fields, so the patched code reads and writes them here. Its class
 * initialiser is the part of the new build's {@code <clinit>} that initialises them, so they are
 * initialised when the patched code first uses them, not when the target was.
 *
 * @param name the holder's internal name, in the target's package
 * @param owner the target's name in the new build
 * @param fields the new static fields, as the new build declares them
 * @param init the instructions that initialise them, in the new build's names, or {@code null}
 */
record StaticsHolder(String name, String owner, List<FieldNode> fields, MethodNode init) {

    /** Makes the list unmodifiable. */
    StaticsHolder {
        fields = List.copyOf(fields);
    }

    /** @return whether it holds that field ({@code name + ":" + descriptor}) */
    boolean holds(String fieldKey) {
        return fields.stream().anyMatch(f -> (f.name + ":" + f.desc).equals(fieldKey));
    }
}
