package io.jlivepatch.cli;

import io.jlivepatch.build.BuildException;
import io.jlivepatch.build.Changes;
import io.jlivepatch.build.ClassFilter;
import io.jlivepatch.build.Difference;
import io.jlivepatch.build.PatchBuild;
import io.jlivepatch.build.archive.LibraryPairing;
import io.jlivepatch.client.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jlp build --from OLD --to NEW -o PATCH.jar}: a cumulative patch jar from two builds of
 * the application, without a JVM (kpatch-build's job).
 */
@Command(name = "build", mixinStandardHelpOptions = true, description = "Build a patch jar from"
        + " two builds of the application (jars, Spring Boot jars, WARs, class directories or"
        + " directories of jars, nested libraries included): the release the JVM runs"
        + " and the fixed one. Prints what changed (changed method, new method, ignored, ...)"
        + " and refuses changes a live patch cannot carry, saying why.")
final class BuildCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "OLD",
            description = "the release the JVM runs: a jar, a Spring Boot jar, a WAR, or a"
                    + " directory of classes or of jars")
    private Path from;

    @Option(names = "--to", required = true, paramLabel = "NEW",
            description = "the fixed build, of the same kind")
    private Path to;

    @Option(names = {"-o", "--output"}, paramLabel = "PATCH.jar",
            description = "the patch jar to write (required unless --report)")
    private Path output;

    @Option(names = "--name", paramLabel = "N",
            description = "the patch name (default: OLD-to-NEW from the file names)")
    private String name;

    @Option(names = "--non-replace", description = "a patch that stacks on the enabled ones"
            + " instead of replacing them (default: cumulative, replace = true)")
    private boolean nonReplace;

    @Option(names = "--include", paramLabel = "GLOB", description = "compare only classes"
            + " whose binary name matches (com.acme.*, com.acme.**); repeatable")
    private List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "do not compare classes"
            + " whose binary name matches; repeatable")
    private List<String> excludes = new ArrayList<>();

    @Option(names = "--with", paramLabel = "EXTRA.jar", description = "add the classes of a"
            + " jar of hand-written patch classes (callbacks, the JVM object); repeatable")
    private List<Path> with = new ArrayList<>();

    @Option(names = "--classpath", paramLabel = "PATH", split = "${sys:path.separator}",
            description = "jars and class directories of the application's dependencies, so"
                    + " that the build sees the supertypes of its classes (separated by the"
                    + " path separator; repeatable)")
    private List<Path> classpath = new ArrayList<>();

    @Option(names = "--report", description = "print the classification of every difference"
            + " without writing a patch; exits 2 if some change would be refused, 6 if nothing"
            + " would be carried")
    private boolean report;

    @Option(names = "--json", description = "print one JSON object")
    private boolean json;

    @Override
    public Integer call() {
        PatchBuild.Options options = new PatchBuild.Options(from, to, name, !nonReplace,
                new ClassFilter(includes, excludes), with, classpath);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> progress = line -> {
            err.println(line);
            err.flush();
        };
        try {
            if (report) {
                Changes changes = PatchBuild.report(options, progress);
                print(out, changes, options, false);
                return changes.refused() ? Exit.REFUSED.code
                        : changes.nothingToCarry() ? Exit.NO_CHANGES.code : Exit.OK.code;
            }
            if (output == null) {
                throw new CommandException(Exit.ERROR, "give the patch jar to write with -o"
                        + " PATCH.jar, or --report to only print the differences");
            }
            print(out, PatchBuild.write(options, output, progress), options, true);
            return Exit.OK.code;
        } catch (BuildException e) {
            if (e.reason() == BuildException.Reason.REFUSED) {
                throw new CommandException(Exit.REFUSED, e.getMessage());
            }
            if (e.reason() == BuildException.Reason.NO_CHANGES) {
                throw new CommandException(Exit.NO_CHANGES, e.getMessage());
            }
            throw new CommandException(Exit.ERROR, e.getMessage());
        }
    }

    private void print(PrintWriter out, Changes changes, PatchBuild.Options options,
            boolean written) {
        if (json) {
            out.println(Json.write(toJson(changes, options, written)));
            return;
        }
        changes.report().forEach(out::println);
        if (written) {
            out.println("wrote " + output + ": patch '" + options.patchName() + "'"
                    + (options.replace() ? ", replaces every enabled patch" : ""));
        }
    }

    private static Map<String, Object> libraries(LibraryPairing pairing) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("inBoth", pairing.pairs().size());
        List<Object> changed = new ArrayList<>();
        pairing.pairs().stream().filter(LibraryPairing.Pair::changed).forEach(pair -> changed.add(
                pair.before().describe() + " -> " + pair.after().version()));
        json.put("changed", changed);
        List<Object> added = new ArrayList<>();
        pairing.added().forEach(library -> added.add(library.describe()));
        json.put("new", added);
        List<Object> removed = new ArrayList<>();
        pairing.removed().forEach(library -> removed.add(library.describe()));
        json.put("removed", removed);
        return json;
    }

    private Map<String, Object> toJson(Changes changes, PatchBuild.Options options,
            boolean written) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", options.patchName());
        json.put("replace", options.replace());
        json.put("output", written ? output.toString() : null);
        List<Object> differences = new ArrayList<>();
        for (Difference d : changes.differences()) {
            Map<String, Object> difference = new LinkedHashMap<>();
            difference.put("kind", d.kind().label());
            difference.put("subject", d.subject());
            difference.put("detail", d.detail());
            differences.add(difference);
        }
        json.put("differences", differences);
        json.put("unchanged", changes.unchanged());
        json.put("libraries", libraries(changes.libraries()));
        json.put("report", new ArrayList<Object>(changes.report()));
        return json;
    }
}
