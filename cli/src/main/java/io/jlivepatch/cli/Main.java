package io.jlivepatch.cli;

import io.jlivepatch.core.model.PatchException;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jlp}, the jlivepatch command line: the {@code Main-Class} of jlp.jar. Every failure
 * prints one line {@code jlp: REASON} on stderr and exits with a code of {@link Exit}.
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
        commandLine.setOut(out).setErr(err)
                .setParameterExceptionHandler((e, a) -> fail(err, Exit.ERROR, e.getMessage()
                        + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                        + " --help')"))
                .setExecutionExceptionHandler((e, c, p) -> fail(err, e));
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
     * @param e what a command threw
     * @return the exit code for it
     */
    static int fail(PrintWriter err, Exception e) {
        if (e instanceof CommandException c) {
            return fail(err, c.exit, c.getMessage());
        } else if (e instanceof PatchException p) {
            return fail(err, Exit.of(p.kind()), p.getMessage());
        } else if (e instanceof UndeclaredThrowableException u
                && u.getCause() instanceof IOException io) {
            return fail(err, Exit.NO_JVM, "lost the connection to the JVM: " + io.getMessage());
        }
        return fail(err, Exit.ERROR, e.toString());
    }

    private static int fail(PrintWriter err, Exit exit, String reason) {
        err.println("jlp: " + reason);
        err.flush();
        return exit.code;
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
