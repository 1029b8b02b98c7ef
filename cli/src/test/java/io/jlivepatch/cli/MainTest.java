package io.jlivepatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.client.ConnectionLost;
import io.jlivepatch.client.Refusal;
import io.jlivepatch.core.model.PatchException.Kind;
import io.jlivepatch.core.model.PatchException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

    private static final String[] COMMANDS = {"ps", "load", "status", "disable", "enable",
        "force", "log", "info", "demo"};

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int jlp(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void versionNamesJlp() {
        assertEquals(0, jlp("--version"));
        assertTrue(out.toString().startsWith("jlp "), out.toString());
    }

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        assertEquals(0, jlp("--help"));
        String help = out.toString();
        for (String command : COMMANDS) {
            assertTrue(help.contains("\n  " + command + " "), command + " in\n" + help);
        }
        assertTrue(help.contains("Exit codes:"), help);
        for (Exit exit : Exit.values()) {
            assertTrue(help.contains("  " + exit.code + "   "), exit + " in\n" + help);
        }
    }

    @Test
    void everyCommandPrintsItsHelpAndVersionInsteadOfMissingParameters() {
        for (String command : COMMANDS) {
            out.getBuffer().setLength(0);
            assertEquals(0, jlp(command, "--help"), command);
            assertTrue(out.toString().startsWith("Usage: jlp " + command + " "), out.toString());
            assertTrue(out.toString().contains("-h, --help"), out.toString());
            assertTrue(out.toString().contains("Exit codes:"), out.toString());
            out.getBuffer().setLength(0);
            assertEquals(0, jlp(command, "--version"), command);
            assertTrue(out.toString().startsWith("jlp "), out.toString());
        }
        assertEquals("", err.toString());
    }

    @Test
    void commandsThatWaitForATransitionTakeATimeout() {
        for (String command : new String[] {"load", "disable", "enable", "force"}) {
            out.getBuffer().setLength(0);
            jlp(command, "--help");
            assertTrue(out.toString().contains("--timeout=DURATION"), out.toString());
        }
    }

    @Test
    void usageErrorsPrintOneLineAndExitOne() {
        assertEquals(1, jlp("load", "not-a-pid", "fix.jar"));
        assertEquals("", out.toString());
        assertOneLine("jlp: Invalid value for positional parameter at index 0 (PID):");

        err.getBuffer().setLength(0);
        assertEquals(1, jlp());
        assertOneLine("jlp: no command given (see 'jlp --help')");

        err.getBuffer().setLength(0);
        assertEquals(1, jlp("status", "1", "--timeout", "1s"));
        assertOneLine("jlp: Unknown options: '--timeout', '1s' (see 'jlp status --help')");
    }

    @Test
    void refusalsMapToExitCodesByKind() {
        assertEquals(3, Main.fail(new PrintWriter(err), null, new PatchException(Kind.BUSY,
                "'fix-2' is in transition")));
        assertOneLine("jlp: 'fix-2' is in transition");
        for (Kind kind : Kind.values()) {
            int expected = kind == Kind.BUSY ? 3 : 2;
            assertEquals(expected, Main.fail(new PrintWriter(new StringWriter()), null,
                    new PatchException(kind, "refused")), kind.name());
            assertEquals(expected, Main.fail(new PrintWriter(new StringWriter()), null,
                    new Refusal(Refusal.Kind.named(kind.name()), "refused")), kind.name());
        }
    }

    @Test
    void attachFailuresAndLostConnectionsExitFive() {
        assertEquals(5, Main.fail(new PrintWriter(err), null, new CommandException(Exit.NO_JVM,
                "no process with pid 7")));
        assertOneLine("jlp: no process with pid 7");

        err.getBuffer().setLength(0);
        assertEquals(5, Main.fail(new PrintWriter(err), null, new ConnectionLost(
                "Connection refused", new IOException("Connection refused"))));
        assertOneLine("jlp: lost the connection to the JVM: Connection refused");
    }

    @Test
    void anyOtherFailureExitsOneWithOneLine() {
        assertEquals(1, Main.fail(new PrintWriter(err), null, new IllegalStateException("boom")));
        assertOneLine("jlp: java.lang.IllegalStateException: boom");
    }

    @Test
    void withJsonEveryFailureIsAlsoOneJsonObjectOnStdout() {
        assertEquals(5, jlp("status", Long.toString(Long.MAX_VALUE), "--json"));
        assertEquals("{\"exit\":5,\"kind\":\"no_jvm\",\"message\":\"no JVM with pid "
                + Long.MAX_VALUE + " on this host; 'jlp ps' lists the JVMs\"}",
                out.toString().strip());

        out.getBuffer().setLength(0);
        assertEquals(1, jlp("load", "--json", "12"));
        assertTrue(out.toString().strip().startsWith("{\"exit\":1,\"kind\":\"error\","
                + "\"message\":\"Missing required parameter: 'JAR'"), out.toString());

        out.getBuffer().setLength(0);
        assertEquals(2, Main.fail(new PrintWriter(err), new PrintWriter(out),
                new PatchException(Kind.INCOMPATIBLE, "states differ")));
        assertEquals("{\"exit\":2,\"kind\":\"refused\",\"message\":\"states differ\","
                + "\"reason\":\"INCOMPATIBLE\"}", out.toString().strip());
    }

    @Test
    void aPidThatIsNoJvmExitsFiveWithoutAttaching() {
        assertEquals(5, jlp("status", Long.toString(Long.MAX_VALUE)));
        assertOneLine("jlp: no JVM with pid " + Long.MAX_VALUE + " on this host; 'jlp ps' lists"
                + " the JVMs");
    }

    private void assertOneLine(String expectedStart) {
        String text = err.toString();
        assertTrue(text.startsWith(expectedStart), text);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.endsWith(System.lineSeparator()), text);
    }
}
