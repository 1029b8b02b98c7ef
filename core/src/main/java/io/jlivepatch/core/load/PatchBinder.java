package io.jlivepatch.core.load;

import io.jlivepatch.core.bytecode.PrologueWeaver;
import io.jlivepatch.core.hash.ClassHash;
import io.jlivepatch.core.bytecode.ReplacementTranslator;
import io.jlivepatch.core.bytecode.ConstructorBody;
import io.jlivepatch.core.bytecode.TargetShape;
import io.jlivepatch.core.bytecode.VersionRaise;
import io.jlivepatch.api.PatchContext;
import io.jlivepatch.core.model.Callback;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.model.PatchException.Kind;
import io.jlivepatch.core.model.PatchFunction;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.redirect.ClassWeaver;
import io.jlivepatch.core.redirect.TargetLookup;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodHandles.Lookup;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.objectweb.asm.Opcodes;

/**
 * Binds a patch to the running JVM: finds each target class in every class loader that defines
 * it, checks its pinned semantic hash and that every replaced and shadowed member exists and can
 * be patched, defines the object's new classes beside it, and defines the replacements in hidden
 * nestmates of the targets. Nothing it does changes how the application
 * runs: a patch refused here leaves the JVM as it was (new classes it defined stay in their
 * loaders, unused).
 */
public final class PatchBinder {

    private final Instrumentation instrumentation;
    private final ClassWeaver weaver;
    private final TargetLookup lookups;

    /**
     * @param instrumentation the JVM's instrumentation
     * @param weaver reports the bytes of target classes
     * @param lookups gives full-privilege lookups on targets
     */
    public PatchBinder(Instrumentation instrumentation, ClassWeaver weaver, TargetLookup lookups) {
        this.instrumentation = instrumentation;
        this.weaver = weaver;
        this.lookups = lookups;
    }

    /**
     * Binds every object of a patch to every loaded class it targets.
     *
     * @param patch the patch
     * @return one bound object per (object, target class) pair
     * @throws PatchException (INCOMPATIBLE) naming the class or member that does not fit
     */
    public List<BoundObject> bind(Patch patch) throws PatchException {
        Map<String, String> renames = renames(patch);
        List<BoundObject> bound = new ArrayList<>();
        for (PatchObject object : patch.objects()) {
            if (object.isJvm()) {
                bound.add(bindJvm(patch, object));
                continue;
            }
            for (Class<?> target : targets(object)) {
                bound.add(bindOne(patch, object, target, renames));
            }
        }
        return bound;
    }

    /**
     * Binds one object of a patch to a class defined after the patch was loaded (the kernel's
     * module coming).
     *
     * @param patch the patch
     * @param object one of its objects, which {@link #matches} the class
     * @param target the class, being initialised
     * @return the bound object
     * @throws PatchException (INCOMPATIBLE) naming the member that does not fit
     */
    public BoundObject bindLate(Patch patch, PatchObject object, Class<?> target)
            throws PatchException {
        return bindOne(patch, object, target, renames(patch));
    }

    /**
     * @param object a patch object
     * @param type a class
     * @return whether the object targets that class: its name, and the name of its loader
     */
    public static boolean matches(PatchObject object, Class<?> type) {
        return !object.isJvm() && type.getName().equals(object.targetClass())
                && (object.loaderPattern().isEmpty() || Pattern.compile(object.loaderPattern())
                        .matcher(loaderName(type.getClassLoader())).matches());
    }

    private static Map<String, String> renames(Patch patch) {
        Map<String, String> renames = new HashMap<>();
        for (PatchObject object : patch.objects()) {
            renames.put(object.patchClass(), object.targetClass().replace('.', '/'));
        }
        return renames;
    }

    /**
     * The loaded classes an object targets. None is not an error: like a kernel module that is
     * not loaded, a class defined later is patched when it initialises. A target on the class
     * path that no one loaded yet is loaded now (not initialised), so that it is patched at once.
     */
    private List<Class<?>> targets(PatchObject object) {
        List<Class<?>> found = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (matches(object, c)) {
                found.add(c);
            }
        }
        if (found.isEmpty() && object.loaderPattern().isEmpty()) {
            Class<?> fromClassPath = loadFromSystemLoader(object.targetClass());
            if (fromClassPath != null) {
                found.add(fromClassPath);
            }
        }
        return found;
    }

    /**
     * A target on the class path that the application has not used yet is loaded, without
     * running its initialiser, so that it is patched before its first use.
     */
    private static Class<?> loadFromSystemLoader(String name) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (system.getResource(name.replace('.', '/') + ".class") == null) {
            return null;
        }
        try {
            return Class.forName(name, false, system);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private BoundObject bindOne(Patch patch, PatchObject object, Class<?> target,
            Map<String, String> renames) throws PatchException {
        String where = target.getName() + " (loader " + loaderName(target.getClassLoader()) + ")";
        if (target.isHidden() || target.isArray() || target.isPrimitive()) {
            throw incompatible(patch, where + " is a hidden, array or primitive class and cannot"
                    + " be patched");
        }
        if (!instrumentation.isModifiableClass(target)) {
            throw incompatible(patch, "the JVM does not allow " + where + " to be modified");
        }
        TargetShape shape;
        try {
            if (!object.pinnedHash().isEmpty()) {
                TargetFit.checkPin(patch, object, where,
                        ClassHash.of(weaver.reportedBytes(target)));
            }
            shape = weaver.shape(target);
            String old = shape.version() < Opcodes.V1_7
                    ? VersionRaise.refusal(weaver.reportedBytes(target)) : null;
            if (old != null) {
                throw incompatible(patch, where + " cannot be woven: " + old);
            }
        } catch (UnmodifiableClassException | RuntimeException e) {
            throw incompatible(patch, "cannot read the bytes of " + where + ": " + e.getMessage());
        }
        TargetFit.checkMembers(patch, object, where, shape);
        RunningClassFiles running = new RunningClassFiles(target.getClassLoader());
        DanglingReferences.check(patch, object, where, running, running::lacks);
        NewClasses.define(patch, object, target, where, weaver, lookups);
        return defineReplacements(patch, object, target, shape, renames, where);
    }

    /**
     * The JVM object's class holds only static callbacks: it is defined as it is, in a class
     * loader of its own whose parent is the system class loader.
     */
    private static BoundObject bindJvm(Patch patch, PatchObject object) throws PatchException {
        try {
            Class<?> holder = new CallbackLoader(patch.name()).define(object.patchClassBytes());
            Lookup lookup = MethodHandles.privateLookupIn(holder, MethodHandles.lookup());
            return new BoundObject(object, null, null, Map.of(),
                    callbacks(lookup, holder, object));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new PatchException(Kind.INCOMPATIBLE, "patch '" + patch.name() + "': the"
                    + " callbacks of its JVM object " + object.patchClass().replace('/', '.')
                    + " do not link: " + e, e);
        }
    }

    /** Each callback as {@code (PatchContext)int}: absent parameters and results adapted. */
    private static Map<Callback.Kind, MethodHandle> callbacks(Lookup lookup, Class<?> holder,
            PatchObject object) throws ReflectiveOperationException {
        Map<Callback.Kind, MethodHandle> handles = new HashMap<>();
        for (Callback callback : object.callbacks()) {
            MethodType type = MethodType.fromMethodDescriptorString(callback.descriptor(),
                    holder.getClassLoader());
            MethodHandle handle = lookup.findStatic(holder, callback.name(), type);
            if (!callback.takesContext()) {
                handle = MethodHandles.dropArguments(handle, 0, PatchContext.class);
            }
            if (!callback.returnsStatus()) {
                handle = MethodHandles.filterReturnValue(handle,
                        MethodHandles.constant(int.class, 0));
            }
            handles.put(callback.kind(), handle.asType(
                    MethodType.methodType(int.class, PatchContext.class)));
        }
        return handles;
    }

    /** A class loader for one patch's JVM object. */
    private static final class CallbackLoader extends ClassLoader {
        CallbackLoader(String patchName) {
            super("jlivepatch:" + patchName, ClassLoader.getSystemClassLoader());
        }

        Class<?> define(byte[] bytes) {
            return defineClass(null, bytes, 0, bytes.length);
        }
    }

    private BoundObject defineReplacements(Patch patch, PatchObject object,
            Class<?> target, TargetShape shape, Map<String, String> renames, String where)
            throws PatchException {
        if (ReplacementTranslator.usesUnsupportedLambdas(object.patchClassBytes())) {
            throw incompatible(patch, "the replacements for " + where + " use serializable"
                    + " lambdas or lambdas with marker interfaces, which a replacement cannot"
                    + " create (only the JDK's lambda classes can, and they would keep the patch"
                    + " loaded after it is disabled); use a plain lambda or a helper method");
        }
        String hiddenName = shape.internalName() + "$$jlp$" + patch.name().replaceAll("[.-]", "_");
        byte[] bytes = ReplacementTranslator.translate(object, shape, hiddenName, renames);
        try {
            Lookup hidden = lookups.fullPrivilege(target).defineHiddenClass(bytes, true,
                    Lookup.ClassOption.NESTMATE);
            Map<String, MethodHandle> impls = new HashMap<>();
            Map<String, ConstructorBody> bodies = WholeBodies.of(patch, object, shape, renames,
                    where);
            for (PatchFunction function : object.functions()) {
                ConstructorBody body = bodies.get(function.key());
                if (body != null) {
                    impls.put(function.key(), MethodHandles.constant(int.class, body.id()));
                    continue;
                }
                String staticDescriptor = ReplacementTranslator.staticDescriptor(
                        shape.internalName(), function.isStatic(), function.descriptor());
                MethodType type = MethodType.fromMethodDescriptorString(staticDescriptor,
                        target.getClassLoader());
                impls.put(function.key(), hidden.findStatic(hidden.lookupClass(),
                        ReplacementTranslator.implName(function.name()), type));
            }
            return new BoundObject(object, target, shape, impls,
                    callbacks(hidden, hidden.lookupClass(), object), bodies);
        } catch (ReflectiveOperationException | LinkageError | IllegalArgumentException
                | TypeNotPresentException e) {
            throw new PatchException(Kind.INCOMPATIBLE, "patch '" + patch.name()
                    + "': the replacements for " + where + " do not link: " + e
                    + "; check that the @Patch class compiles against the running version of "
                    + target.getName(), e);
        }
    }

    /** The prologue's call type of a target method, as {@link PrologueWeaver} emits it. */
    public static MethodType callType(Class<?> target, TargetShape shape, PatchFunction function) {
        int access = shape.methods().get(function.key());
        return MethodType.fromMethodDescriptorString(PrologueWeaver.callDescriptor(
                shape.internalName(), access, function.descriptor()), target.getClassLoader());
    }

    /**
     * @param loader a class loader, or {@code null} for the bootstrap loader
     * @return the name patterns of {@code @Patch(loader = ...)} are matched against
     *     ({@link LoaderNames})
     */
    public static String loaderName(ClassLoader loader) {
        return LoaderNames.of(loader);
    }

    private static PatchException incompatible(Patch patch, String message) {
        return new PatchException(Kind.INCOMPATIBLE, "patch '" + patch.name() + "': " + message);
    }
}
