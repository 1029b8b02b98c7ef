package io.jlivepatch.cli;

import io.jlivepatch.core.status.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jlp log PID}: the JVM's {@code livepatch:} lines, as {@code dmesg} shows them. */
@Command(name = "log", mixinStandardHelpOptions = true, description = "Show the jlivepatch"
        + " events kept in a JVM, oldest first.")
final class LogCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "the JVM's process id")
    private long pid;

    @Option(names = "--json", description = "print one JSON object")
    private boolean json;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        List<Object> events;
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            events = jvm.agentVersion() == null ? List.of()
                    : (List<Object>) Json.read(jvm.livePatch().eventsJson(0));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("pid", pid);
            result.put("events", events);
            out.println(Json.write(result));
        } else {
            events.forEach(e -> out.println(text((Map<String, Object>) e)));
        }
        return Exit.OK.code;
    }

    /**
     * @param event an event in its JSON form
     * @return {@code "yyyy-MM-dd HH:mm:ss.SSS MESSAGE"}, with the level before the message
     *     for warnings and errors
     */
    static String text(Map<String, Object> event) {
        String level = (String) event.get("level");
        return TIME.format(Instant.ofEpochMilli(((Number) event.get("time")).longValue())) + " "
                + (level.equals("WARNING") || level.equals("ERROR") ? level + " " : "")
                + event.get("message");
    }
}
