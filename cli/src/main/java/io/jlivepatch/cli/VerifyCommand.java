package io.jlivepatch.cli;

import io.jlivepatch.build.BuildException;
import io.jlivepatch.build.PatchVerifier.Check;
import io.jlivepatch.build.PatchVerifier.Verification;
import io.jlivepatch.build.PatchVerifier;
import io.jlivepatch.client.Json;
import io.jlivepatch.core.model.PatchException;
import java.io.PrintWriter;
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

/** {@code jlp verify PATCH.jar --against APP.jar}: whether a patch fits a build, without a JVM. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Check a patch jar"
        + " against a build of the application, without a JVM: every target class exists, every"
        + " replaced and shadowed member exists with the right static-ness, and every pinned"
        + " hash matches.")
final class VerifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATCH.jar", description = "the patch jar")
    private Path jar;

    @Option(names = "--against", required = true, paramLabel = "APP.jar",
            description = "the application build: a jar or a class directory")
    private Path app;

    @Option(names = "--json", description = "print one JSON object")
    private boolean json;

    @Override
    public Integer call() throws PatchException {
        Verification verification;
        try {
            verification = PatchVerifier.verify(jar.toAbsolutePath().normalize(), app);
        } catch (BuildException e) {
            throw new CommandException(Exit.ERROR, e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(toJson(verification)));
        } else {
            out.println("patch " + verification.patch().name() + " against " + app);
            for (Check check : verification.checks()) {
                out.println("  " + (check.ok() ? "ok   " : "FAIL ") + check.object()
                        + (check.hash().isEmpty() ? "" : " (hash " + check.hash() + ")")
                        + (check.ok() ? "" : ": " + check.problem()));
            }
        }
        if (!verification.ok()) {
            long failed = verification.checks().stream().filter(c -> !c.ok()).count();
            String reason = "patch '" + verification.patch().name() + "' does not fit " + app
                    + ": " + failed + " of " + verification.checks().size() + " objects fail;"
                    + " build the patch again from this build (jlp build --from " + app + ")";
            if (json) {
                // The result printed above is the one JSON object; it says "ok": false.
                spec.commandLine().getErr().println("jlp: " + reason);
                return Exit.REFUSED.code;
            }
            throw new CommandException(Exit.REFUSED, reason);
        }
        return Exit.OK.code;
    }

    private static Map<String, Object> toJson(Verification verification) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("patch", verification.patch().name());
        json.put("against", verification.against().toString());
        json.put("ok", verification.ok());
        List<Object> objects = new ArrayList<>();
        for (Check check : verification.checks()) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("name", check.object());
            object.put("hash", check.hash());
            object.put("ok", check.ok());
            object.put("problem", check.problem());
            objects.add(object);
        }
        json.put("objects", objects);
        return json;
    }
}
