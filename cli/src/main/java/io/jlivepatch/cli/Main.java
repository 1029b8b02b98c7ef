package io.jlivepatch.cli;

import io.jlivepatch.client.ConnectionLost;
import io.jlivepatch.client.Refusal;
import io.jlivepatch.core.model.PatchException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code jlp}, the jlivepatch command line: the {@code Main-Class} of jlp.jar. Every failure
 * prints one line {@code jlp: REASON} on stderr and exits with a code of {@link Exit}; with
 * {@code --json} it also prints one {@link ErrorJson error object} on stdout.
 */
@Command(name = "jlp", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Live patching for the JVM: build patches from two builds of an"
                + " application, load, inspect and disable them in running JVMs.")
public final class Main implements Callable<Integer> {

    /** The commands, in the order {@code jlp --help} lists them. */
    private static final List<Class<?>> COMMANDS = List.of(PsCommand.class, LoadCommand.class,
            StatusCommand.class, DisableCommand.class, EnableCommand.class, ForceCommand.class,
            LogCommand.class, InfoCommand.class, BuildCommand.class, VerifyCommand.class,
            DemoCommand.class);

    private static final String JSON_OPTION = "--json";

    @Spec
    private CommandSpec spec;

    /**
     * Runs {@code jlp} and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                args));
    }

    /**
     * Runs {@code jlp}.
     *
     * @param out where results go
     * @param err where the failure line goes
     * @param args the command line
     * @return the exit code
     */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        // Settings below reach only the commands added before them.
        for (Class<?> command : commandsFor(args)) {
            commandLine.addSubcommand(command);
        }
        PrintWriter json = List.of(args).contains(JSON_OPTION) ? out : null;
        commandLine.setOut(out).setErr(err)
                .setParameterExceptionHandler((e, a) -> fail(err, json, new CommandException(
                        Exit.ERROR, e.getMessage() + " (see '" + e.getCommandLine()
                        .getCommandSpec().qualifiedName() + " --help')")))
                .setExecutionExceptionHandler((e, c, p) -> fail(err, json, e));
        // Every command's --help lists the exit codes, and its --version says what jlp's does.
        List<CommandLine> commands = new ArrayList<>(commandLine.getSubcommands().values());
        commands.add(commandLine);
        for (CommandLine command : commands) {
            command.getCommandSpec().versionProvider(new Version()).usageMessage()
                    .exitCodeListHeading("%nExit codes:%n").exitCodeList(Exit.descriptions());
        }
        return commandLine.execute(args);
    }

    /**
     * The command named by the first argument, or all of them: building a command's model is
     * most of jlp's start-up time (picocli reflects over its options and their types), and a
     * command line that names a command only ever reaches that one.
     *
     * @param args the command line
     * @return the commands to build, in {@link #COMMANDS} order
     */
    private static List<Class<?>> commandsFor(String... args) {
        for (Class<?> command : COMMANDS) {
            if (args.length > 0 && command.getAnnotation(Command.class).name().equals(args[0])) {
                return List.of(command);
            }
        }
        return COMMANDS;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command given");
    }

    /**
     * @param err where to print the failure line
     * @param json where to print the {@code --json} error object, or null without
     *     {@code --json}
     * @param e what a command threw
     * @return the exit code for it
     */
    static int fail(PrintWriter err, PrintWriter json, Exception e) {
        CommandException failure = asCommandException(e);
        err.println("jlp: " + failure.getMessage());
        err.flush();
        if (json != null) {
            json.println(ErrorJson.of(failure));
            json.flush();
        }
        return failure.exit.code;
    }

    private static CommandException asCommandException(Exception e) {
        if (e instanceof CommandException c) {
            return c;
        } else if (e instanceof PatchException p) {
            return new CommandException(Exit.of(p.kind()), p.getMessage(),
                    Map.of(ErrorJson.REASON, p.kind().name()));
        } else if (e instanceof Refusal r) {
            return new CommandException(Exit.of(r.kind()), r.getMessage(),
                    Map.of(ErrorJson.REASON, r.kind().name()));
        } else if (e instanceof ConnectionLost lost) {
            return new CommandException(Exit.NO_JVM, "lost the connection to the JVM: "
                    + lost.getMessage());
        }
        return new CommandException(Exit.ERROR, e.toString());
    }

    /** @return the version of this jlp, from the jar's manifest ({@code dev} outside a jar) */
    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Prints {@code jlp VERSION} for {@code --version}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jlp " + version()};
        }
    }
}
