package io.jlivepatch.cli;

import io.jlivepatch.client.Json;
import io.jlivepatch.core.load.PatchJarReader;
import io.jlivepatch.core.load.SignedJar;
import io.jlivepatch.core.model.Callback;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.model.PatchFunction;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.StateSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jlp info JAR}: what a patch jar holds and targets, read without a JVM to patch. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show what a patch jar"
        + " contains, without a JVM: whether it replaces every enabled patch, its system states,"
        + " the classes and methods it targets, its callbacks, and the helper methods and new"
        + " classes (holders included) it carries.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JAR", description = "the patch jar")
    private Path jar;

    @Option(names = "--json", description = "print one JSON object")
    private boolean json;

    @Override
    public Integer call() throws PatchException {
        Path file = jar.toAbsolutePath().normalize();
        Patch patch = PatchJarReader.read(file);
        String signer = signer(file);
        if (json) {
            Map<String, Object> object = toJson(patch);
            object.put("signer", signer);
            spec.commandLine().getOut().println(Json.write(object));
        } else {
            List<String> lines = text(patch);
            lines.add(2, "  signer: " + signer);
            spec.commandLine().getOut().println(String.join("\n", lines));
        }
        return Exit.OK.code;
    }

    /**
     * @return the subject of each signer whose signature covers every entry, verified, or
     *     {@code unsigned}, or what is wrong with the signature; whether the signer is trusted
     *     is the target JVM's trust policy's decision
     */
    private static String signer(Path file) {
        try {
            SignedJar signed = SignedJar.read(file);
            return signed.problem() != null
                    ? (signed.problem().equals(SignedJar.UNSIGNED) ? "unsigned"
                    : "not validly signed: " + signed.problem())
                    : String.join(" and ", signed.signerNames());
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /**
     * @param patch a patch
     * @return {@code {"name":..,"replace":..,"description":..,"source":..,"states":[{"id":..,
     *     "version":..}],"objects":[{"name":..,"loader":..,"functions":[{"name":..,
     *     "descriptor":..,"static":..}],"callbacks":[{"kind":..,"name":..,"descriptor":..}],
     *     "helpers":["name(desc)"..],"newClasses":["binary name"..]}]}};
     *     the JVM object is named {@code jvm}
     */
    static Map<String, Object> toJson(Patch patch) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", patch.name());
        json.put("replace", patch.replace());
        json.put("description", patch.description());
        json.put("source", patch.source());
        List<Object> states = new ArrayList<>();
        for (StateSpec s : patch.states()) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("id", s.id());
            state.put("version", s.version());
            states.add(state);
        }
        json.put("states", states);
        List<Object> objects = new ArrayList<>();
        for (PatchObject o : patch.objects()) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("name", o.displayName());
            object.put("loader", o.loaderPattern());
            List<Object> functions = new ArrayList<>();
            for (PatchFunction f : o.functions()) {
                Map<String, Object> function = new LinkedHashMap<>();
                function.put("name", f.name());
                function.put("descriptor", f.descriptor());
                function.put("static", f.isStatic());
                functions.add(function);
            }
            object.put("functions", functions);
            List<Object> callbacks = new ArrayList<>();
            for (Callback c : o.callbacks()) {
                Map<String, Object> callback = new LinkedHashMap<>();
                callback.put("kind", c.kind().word());
                callback.put("name", c.name());
                callback.put("descriptor", c.descriptor());
                callbacks.add(callback);
            }
            object.put("callbacks", callbacks);
            object.put("helpers", new ArrayList<Object>(PatchContents.helpers(o)));
            object.put("newClasses", new ArrayList<Object>(PatchContents.newClasses(o)));
            objects.add(object);
        }
        json.put("objects", objects);
        return json;
    }

    /**
     * @param patch a patch
     * @return the human form, one element per line
     */
    static List<String> text(Patch patch) {
        List<String> lines = new ArrayList<>();
        lines.add("patch " + patch.name()
                + (patch.description().isEmpty() ? "" : " - " + patch.description()));
        lines.add("  from " + patch.source());
        lines.add("  replace: " + (patch.replace() ? "yes (atomic replace of every enabled"
                + " patch)" : "no"));
        for (StateSpec state : patch.states()) {
            lines.add("  state " + state.id() + " version " + state.version());
        }
        for (PatchObject o : patch.objects()) {
            lines.add("  " + o.displayName() + (o.loaderPattern().isEmpty() ? ""
                    : " in class loaders named '" + o.loaderPattern() + "'"));
            for (PatchFunction f : o.functions()) {
                lines.add("    " + (f.isStatic() ? "static " : "") + f.name() + f.descriptor());
            }
            for (Callback c : o.callbacks()) {
                lines.add("    " + c.kind().word() + " callback " + c.name() + c.descriptor());
            }
            for (String helper : PatchContents.helpers(o)) {
                lines.add("    helper " + helper);
            }
            for (String newClass : PatchContents.newClasses(o)) {
                lines.add("    new class " + newClass);
            }
        }
        return lines;
    }
}
