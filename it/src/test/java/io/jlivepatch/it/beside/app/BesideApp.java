package io.jlivepatch.it.beside.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The application of the tests beside other agents: reads one command a line on stdin and
 * answers one line {@code @@reply} on stdout. {@code work N} calls {@link Svc#work}; {@code agent
 * WORDS} hands the words to the tests' own agent, if it runs ({@code AdviceAgent.command}).
 */
public final class BesideApp {

    private BesideApp() {
    }

    public static void main(String[] args) throws Exception {
        Svc svc = new Svc("svc");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
                StandardCharsets.UTF_8));
        System.out.println("@@ready");
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.split(" ", 2);
            String reply;
            try {
                reply = switch (words[0]) {
                    case "work" -> work(svc, Integer.parseInt(words[1]));
                    case "agent" -> String.valueOf(Class.forName(
                            "io.jlivepatch.it.beside.advice.AdviceAgent")
                            .getMethod("command", String.class).invoke(null, words[1]));
                    default -> "unknown command " + line;
                };
            } catch (ReflectiveOperationException | RuntimeException e) {
                reply = "failed: " + e;
            }
            System.out.println("@@" + reply);
        }
    }

    private static String work(Svc svc, int n) {
        try {
            return "returned " + svc.work(n);
        } catch (RuntimeException e) {
            return "threw " + e.getMessage();
        }
    }
}
