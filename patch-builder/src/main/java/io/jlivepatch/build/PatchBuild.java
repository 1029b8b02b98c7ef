package io.jlivepatch.build;

import io.jlivepatch.build.BuildException.Reason;
import io.jlivepatch.core.load.DanglingReferences;
import io.jlivepatch.core.load.PatchJarReader;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.build.archive.LibraryPairing;
import io.jlivepatch.core.model.PatchObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code jlp build} as a library: compares the release the JVM runs with a fixed build and
 * writes a patch jar that carries the difference (kpatch-build for the JVM). Since the difference
 * is always taken from the release, every patch it writes is cumulative.
 *
 * <pre>{@code
 * Changes changes = PatchBuild.write(new PatchBuild.Options(Path.of("app-1.0.jar"),
 *         Path.of("app-1.0.1.jar"), null, true, ClassFilter.all(), List.of()),
 *         Path.of("fix.jar"));
 * changes.report().forEach(System.out::println);
 * }</pre>
 */
public final class PatchBuild {

    private PatchBuild() {
    }

    /**
     * What to build.
     *
     * @param from the release: a jar, a WAR, a Spring Boot jar, or a directory of classes or jars
     * @param to the fixed build
     * @param name the patch name, or {@code null} for one made from the file names
     * @param replace whether the patch replaces every enabled patch (the default)
     * @param filter the classes to compare
     * @param with jars of hand-written classes to add (callbacks, the JVM object, helpers)
     * @param classpath jars and class directories of the application's dependencies, read
     *     only to see the supertypes of its classes ({@code --classpath})
     */
    public record Options(Path from, Path to, String name, boolean replace, ClassFilter filter,
            List<Path> with, List<Path> classpath) {

        /** Makes the lists unmodifiable. */
        public Options {
            with = List.copyOf(with);
            classpath = List.copyOf(classpath);
        }

        /** Options without a dependency class path. */
        public Options(Path from, Path to, String name, boolean replace, ClassFilter filter,
                List<Path> with) {
            this(from, to, name, replace, filter, with, List.of());
        }

        /** @return the patch name: given, or {@code OLD-to-NEW} from the file names */
        public String patchName() {
            if (name != null) {
                return name;
            }
            String made = stem(from) + "-to-" + stem(to);
            made = made.replaceAll("[^A-Za-z0-9._-]", "_");
            return made.length() > 128 ? made.substring(0, 128) : made;
        }

        private static String stem(Path path) {
            String file = path.toAbsolutePath().normalize().getFileName().toString();
            return file.endsWith(".jar") ? file.substring(0, file.length() - 4) : file;
        }
    }

    /**
     * Classifies every difference between the builds, without writing anything ({@code --report}).
     *
     * @param options what to compare
     * @return the classified changes
     * @throws BuildException (BAD_INPUT) if a build cannot be read
     */
    public static Changes report(Options options) throws BuildException {
        return report(options, line -> { });
    }

    /**
     * As {@link #report(Options)}, telling its progress while it reads large builds.
     *
     * @param options what to compare
     * @param progress receives a line now and then while a build is read
     * @return the classified changes
     * @throws BuildException (BAD_INPUT) if a build cannot be read
     */
    public static Changes report(Options options, Consumer<String> progress)
            throws BuildException {
        return compare(AppBuild.read(options.from(), progress),
                AppBuild.read(options.to(), progress), options, dependencies(options));
    }

    /**
     * Builds the patch jar.
     *
     * @param options what to build
     * @param output the patch jar to write
     * @return the classified changes, whose report says what the patch carries
     * @throws BuildException NO_CHANGES if nothing is to be carried, REFUSED (naming each
     *     refused change) if some change cannot be, BAD_INPUT if an input cannot be read
     */
    public static Changes write(Options options, Path output) throws BuildException {
        return write(options, output, line -> { });
    }

    /**
     * As {@link #write(Options, Path)}, telling its progress while it reads large builds.
     *
     * @param options what to build
     * @param output the patch jar to write
     * @param progress receives a line now and then while a build is read
     * @return the classified changes, whose report says what the patch carries
     * @throws BuildException NO_CHANGES if nothing is to be carried, REFUSED (naming each
     *     refused change) if some change cannot be, BAD_INPUT if an input cannot be read
     */
    public static Changes write(Options options, Path output, Consumer<String> progress)
            throws BuildException {
        AppBuild oldBuild = AppBuild.read(options.from(), progress);
        AppBuild newBuild = AppBuild.read(options.to(), progress);
        Map<String, byte[]> dependencies = dependencies(options);
        Changes changes = compare(oldBuild, newBuild, options, dependencies);
        if (changes.refused()) {
            StringBuilder reasons = new StringBuilder();
            changes.differences().stream().filter(d -> d.kind() == Difference.Kind.REFUSED)
                    .forEach(d -> reasons.append("\n  ").append(d.line()));
            throw new BuildException(Reason.REFUSED, "no patch written: some changes cannot be"
                    + " carried by a live patch:" + reasons);
        }
        if (changes.nothingToCarry()) {
            throw new BuildException(Reason.NO_CHANGES, "no changes: " + options.from() + " and "
                    + options.to() + " differ in nothing a patch would carry");
        }
        Map<String, byte[]> classes = new TreeMap<>(PatchGenerator.generate(changes, newBuild,
                options.patchName(), options.replace(), "built by jlp build from "
                        + options.from().getFileName() + " to " + options.to().getFileName()));
        for (Path extra : options.with()) {
            addExtra(classes, extra);
        }
        PatchJarWriter.write(classes, output);
        Patch patch;
        try {
            patch = PatchJarReader.read(output);
        } catch (PatchException e) {
            throw new BuildException(Reason.REFUSED, "the generated patch " + output + " is not"
                    + " valid: " + e.getMessage());
        }
        checkReferences(patch, new ReleaseClassFiles(oldBuild, dependencies), newBuild, output);
        return changes;
    }

    private static Changes compare(AppBuild oldBuild, AppBuild newBuild, Options options,
            Map<String, byte[]> dependencies) throws BuildException {
        return ChangeFinder.find(oldBuild, newBuild, options.filter(), dependencies,
                InitialiserTakeovers.of(options.with())).withLibraries(
                LibraryPairing.of(oldBuild.libraries(), newBuild.libraries()));
    }

    /**
     * Every class and member the patch's code uses must be in the release (or the JDK, or a
     * dependency); else no patch is written.
     */
    private static void checkReferences(Patch patch, ReleaseClassFiles release,
            AppBuild newBuild, Path output) throws BuildException {
        Set<String> dangling = new TreeSet<>();
        for (PatchObject object : patch.objects()) {
            if (!object.isJvm()) {
                dangling.addAll(DanglingReferences.of(patch, object, release,
                        name -> newBuild.classes().containsKey(name)));
            }
        }
        if (dangling.isEmpty()) {
            return;
        }
        try {
            java.nio.file.Files.deleteIfExists(output);
        } catch (java.io.IOException e) {
            throw new BuildException(Reason.BAD_INPUT, output + ": cannot remove the refused"
                    + " patch: " + e.getMessage());
        }
        StringBuilder reasons = new StringBuilder();
        dangling.forEach(member -> reasons.append("\n  refused: ").append(member)
                .append(": used by the patch's code, but the release does not have it and the"
                        + " patch does not carry it (is the class that adds it left out by"
                        + " --include or --exclude?)"));
        throw new BuildException(Reason.REFUSED, "no patch written: the patch would call what"
                + " the running JVM does not have:" + reasons);
    }

    /** @return the classes of the dependency class path, the first entry winning */
    private static Map<String, byte[]> dependencies(Options options) throws BuildException {
        Map<String, byte[]> classes = new java.util.HashMap<>();
        for (Path entry : options.classpath()) {
            AppBuild.read(entry).classes().forEach(classes::putIfAbsent);
        }
        return classes;
    }

    private static void addExtra(Map<String, byte[]> classes, Path extra)
            throws BuildException {
        for (Map.Entry<String, byte[]> entry : AppBuild.read(extra).classes().entrySet()) {
            String joined = CallbackMerge.joins(classes, entry.getValue());
            if (joined != null) {
                classes.put(joined, CallbackMerge.into(classes.get(joined), entry.getValue(),
                        extra));
                continue;
            }
            if (classes.containsKey(entry.getKey())) {
                throw new BuildException(Reason.BAD_INPUT, extra + ": "
                        + JavacNames.dotted(entry.getKey()) + " is also a class the build"
                        + " generates; rename it, or, for a @Patch class of a changed class,"
                        + " put its callbacks into a class of another name with"
                        + " @Patch(loader = ...) or into the JVM object");
            }
            if (isLivePatch(entry.getValue())) {
                throw new BuildException(Reason.BAD_INPUT, extra + ": "
                        + JavacNames.dotted(entry.getKey()) + " is annotated @LivePatch; the"
                        + " build makes that class itself: drop it from the --with jar");
            }
            classes.put(entry.getKey(), entry.getValue());
        }
    }

    private static boolean isLivePatch(byte[] classBytes) {
        boolean[] found = new boolean[1];
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public org.objectweb.asm.AnnotationVisitor visitAnnotation(String descriptor,
                    boolean visible) {
                found[0] |= descriptor.equals("Lio/jlivepatch/api/LivePatch;");
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return found[0];
    }
}
