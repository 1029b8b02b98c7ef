package io.jlivepatch.core.redirect;

import io.jlivepatch.core.hash.ClassHash;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Other agents' retransformation-capable transformers that run before the weaver's (every agent
 * loaded before {@code jlp load} attaches, or listed before jlivepatch on the command line), and
 * the classes that must be woven beneath them.
 *
 * <p>The JVM runs retransformation-capable transformers in the order they were registered, each
 * on the previous one's result. Behind another agent, the weaver receives the class with that
 * agent's advice already in it, and a prologue placed there would skip the advice. Such a class
 * is woven beneath the other agents instead: its class file with the prologue is given to
 * {@code redefineClasses}, which runs every transformer on it, so the other agents wrap the
 * prologue with their advice. Restoring redefines the class file itself: the other agents make
 * of it exactly what they made before.
 *
 * <p>JDK 17 keeps as a class's original, for every later retransformation, the bytes it had
 * before the first capable transformer changed it, and a redefinition does not replace them. So
 * when another agent retransforms a woven class later (to add or remove advice), the
 * transformers ahead start from the class file again, and the weaver receives their new work
 * without the prologue beneath it. It then passes on what runs, unchanged, so that the patch
 * stays in effect, and weaves the class again at once on its own thread
 * ({@link ClassWeaver}), by a redefinition that lets the agents ahead wrap the prologue anew.
 * (JDK 25 starts from the last redefinition; the weaver then receives the prologue wrapped
 * anew, and the same steps are merely redundant.)
 *
 * <p>The class file is read from the class's loader; it is used only when the transformers
 * ahead make of it what they make of the class that runs (same {@link ClassHash}), learnt by a
 * probe: a redefinition that the weaver refuses after seeing its bytes, so that the JVM changes
 * nothing. In place of the class file, the weaver uses the bytes of the last redefinition by
 * someone else, or the bytes a retransformation started from when it saw them unchanged. A class
 * that runs other code than all of these is woven where it is when no agent ahead changes it,
 * and refused otherwise: weaving beneath would revert that change.
 *
 * <p>On JDK 17, a class that another agent changed as it was loaded and that was redefined since
 * (HotSwap from a debugger) loses that redefinition at its next retransformation by anyone.
 * Redefinitions made after jlivepatch started are seen by a retransformation-incapable
 * transformer (the JVM calls those for redefinitions only), and such a class is refused before
 * the weaver retransforms it; redefinitions made before jlivepatch started cannot be seen.
 *
 * <p>Thread safety: concurrent and weak maps; {@link #probed} runs in the JVM's transformer call.
 */
final class AgentsAhead {

    /** Bytes every JVM rejects (no class-file magic): a transformer's only way to refuse. */
    private static final byte[] REFUSAL = new byte[4];

    private final Instrumentation instrumentation;
    /** What is known of each woven class. Weak keys. */
    private final Map<Class<?>, Layers> layers = Collections.synchronizedMap(new WeakHashMap<>());
    /** Classes being probed: what the transformers ahead made of the class file. */
    private final Map<Class<?>, byte[][]> probes = new ConcurrentHashMap<>();
    /** The bytes of the last redefinition of each class by someone else. Weak keys. */
    private final Map<Class<?>, byte[]> redefined =
            Collections.synchronizedMap(new WeakHashMap<>());
    private final ClassFileTransformer redefinitions = new ClassFileTransformer() {
        @Override
        public byte[] transform(Module module, ClassLoader loader, String className,
                Class<?> classBeingRedefined, ProtectionDomain domain, byte[] bytes) {
            if (classBeingRedefined != null && !ClassWeaver.weaving()) {
                redefined.put(classBeingRedefined, bytes.clone());
            }
            return null;
        }
    };

    AgentsAhead(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
        instrumentation.addTransformer(redefinitions, false);
    }

    /** Stops watching redefinitions. */
    void close() {
        instrumentation.removeTransformer(redefinitions);
    }

    /**
     * Checks, before the weaver retransforms a class, that a retransformation keeps what runs.
     *
     * @param target the class
     * @throws UnmodifiableClassException if someone else redefined the class since jlivepatch
     *     started and a retransformation would revert that
     */
    void checkRedefinition(Class<?> target) throws UnmodifiableClassException {
        byte[] bytes = redefined.get(target);
        if (bytes == null) {
            return;
        }
        byte[] retransformed = probe(target, () -> instrumentation.retransformClasses(target));
        byte[] redefinition = probe(target, () -> instrumentation.redefineClasses(
                new ClassDefinition(target, bytes)));
        if (retransformed == null || redefinition == null
                || !ClassHash.of(retransformed).equals(ClassHash.of(redefinition))) {
            throw new UnmodifiableClassException(target.getName() + " was redefined (for"
                    + " example by HotSwap from a debugger) after another agent instrumented it"
                    + " as it was loaded; the JVM starts every retransformation from the class as"
                    + " loaded, so patching it would revert that redefinition: it is not"
                    + " patched (restart the JVM with the change, or patch it instead)");
        }
    }

    /**
     * One woven class: the class file it is woven beneath other agents from (null if woven as
     * received), what the weaver received for it in a retransformation (what the transformers
     * ahead make of the class), and what the weaver passed on for it the last time.
     */
    private static final class Layers {
        /**
         * The bytes a retransformation starts from, when the weaver saw them unchanged by any
         * agent ahead: woven beneath agents from these, restoring gives them back byte for byte.
         */
        volatile byte[] start;
        volatile byte[] file;
        volatile byte[] received;
        volatile byte[] passedOn;
    }

    private Layers of(Class<?> target) {
        return layers.computeIfAbsent(target, c -> new Layers());
    }

    /** @return the class file a class is woven beneath other agents from, or {@code null} */
    byte[] classFile(Class<?> target) {
        Layers known = layers.get(target);
        return known == null ? null : known.file;
    }

    /** @return whether another agent's transformer ahead instruments the class */
    boolean instrument(Class<?> target) {
        return classFile(target) != null;
    }

    /** The class is no longer woven: its class file under the other agents, as before. */
    void leave(Class<?> target) {
        layers.remove(target);
    }

    /**
     * Notes what the weaver did with a class in a retransformation or redefinition of its own.
     *
     * @param received what it received in a retransformation, or null (a redefinition)
     * @param passedOn what it passed on
     */
    void woven(Class<?> target, byte[] received, byte[] passedOn) {
        Layers known = of(target);
        if (received != null) {
            known.received = received.clone();
        }
        known.passedOn = passedOn.clone();
    }

    /**
     * Called by the weaver's transformer in a retransformation or redefinition it did not ask
     * for, of a woven class.
     *
     * @param received what the transformers ahead made of the class
     * @return what the weaver passes on: the bytes it passed on last time, if the class is woven
     *     beneath other agents or if they made something else of it this time; else null (weave
     *     as usual)
     * @param changed set to true if the transformers ahead made something else of it
     */
    byte[] foreign(Class<?> target, byte[] received, boolean[] changed) {
        Layers known = layers.get(target);
        if (known == null || known.passedOn == null) {
            return null;
        }
        if (known.received != null && !Arrays.equals(known.received, received)) {
            known.received = received.clone();
            changed[0] = true;
            return known.passedOn;
        }
        return known.file != null ? known.passedOn : null;
    }

    /**
     * Decides where a class is woven.
     *
     * @param target the class
     * @param capture reads what the weaver receives for it in a retransformation; not called
     *     for a class without a class file
     * @return the bytes to weave beneath the other agents (the class file, or what was last
     *     redefined), or {@code null} to weave what the weaver receives (no agent ahead changes
     *     the class)
     * @throws UnmodifiableClassException if an agent ahead changes the class and the class that
     *     runs is not what that agent makes of the class file
     */
    byte[] place(Class<?> target, Capture capture) throws UnmodifiableClassException {
        byte[] known = classFile(target);
        if (known != null) {
            return known;
        }
        byte[] file = ClassFiles.of(target);
        if (file == null || !instrumentation.isRedefineClassesSupported()) {
            return null;
        }
        byte[] received = capture.received(target);
        String receivedHash = ClassHash.of(received);
        String fileHash = ClassHash.of(file);
        if (receivedHash.equals(fileHash)) {
            of(target).start = received.clone();
            return null;
        }
        Layers placed = of(target);
        byte[] under = underneath(target, placed, file, fileHash);
        byte[] made = probe(target, () -> instrumentation.redefineClasses(
                new ClassDefinition(target, under)));
        if (made != null && ClassHash.of(made).equals(receivedHash)) {
            placed.file = under;
            placed.received = received.clone();
            return under;
        }
        if (made != null && Arrays.equals(made, under)) {
            return null;
        }
        throw new UnmodifiableClassException(target.getName() + " is instrumented by another"
                + " agent and runs other code than that agent makes of its class file (the class"
                + " was redefined, for example by HotSwap from a debugger, or changed as it was"
                + " loaded); patching it would either revert that change or skip the other"
                + " agent's instrumentation, so it is not patched");
    }

    /**
     * The bytes to weave beneath the agents ahead: those of the last redefinition by someone
     * else, else the bytes a retransformation started from when the weaver saw them unchanged
     * (restoring gives them back byte for byte), else the class file.
     */
    private byte[] underneath(Class<?> target, Layers placed, byte[] file, String fileHash) {
        byte[] redefinition = redefined.get(target);
        if (redefinition != null) {
            return redefinition;
        }
        byte[] start = placed.start;
        return start != null && ClassHash.of(start).equals(fileHash) ? start : file;
    }

    /** Reads what the weaver receives for a class in a retransformation. */
    interface Capture {
        byte[] received(Class<?> target) throws UnmodifiableClassException;
    }

    /** A redefinition or retransformation of one class by the weaver. */
    private interface JvmCall {
        void run() throws ClassNotFoundException, UnmodifiableClassException;
    }

    /**
     * What the transformers ahead make of a class in a redefinition or retransformation that
     * the weaver refuses in the end: the JVM changes nothing.
     */
    private byte[] probe(Class<?> target, JvmCall call) {
        byte[][] seen = new byte[1][];
        probes.put(target, seen);
        ClassWeaver.WEAVING.set(Boolean.TRUE);
        try {
            call.run();
        } catch (ClassFormatError refused) {
            return seen[0];
        } catch (ClassNotFoundException | UnmodifiableClassException | RuntimeException
                | LinkageError e) {
            return null;
        } finally {
            ClassWeaver.WEAVING.remove();
            probes.remove(target);
        }
        // Not refused: the weaver did not see the call; what the JVM installed is unknown.
        return null;
    }

    /**
     * Called by the weaver's transformer for a class being redefined or retransformed.
     *
     * @return {@link #REFUSAL} if the class is being probed (its bytes are noted), else null
     */
    byte[] probed(Class<?> target, byte[] bytes) {
        byte[][] seen = probes.get(target);
        if (seen == null) {
            return null;
        }
        seen[0] = bytes.clone();
        return REFUSAL;
    }
}
