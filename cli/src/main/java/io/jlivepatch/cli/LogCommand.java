package io.jlivepatch.cli;

import io.jlivepatch.client.AuditRecord;
import io.jlivepatch.client.ConnectionLost;
import io.jlivepatch.client.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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
    public Integer call() throws ConnectionLost {
        List<Object> events = new ArrayList<>();
        List<Object> audit = new ArrayList<>();
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            if (jvm.agentVersion() != null) {
                jvm.livePatch().events(0).forEach(e -> events.add(e.toJson()));
                audit(jvm).forEach(a -> audit.add(a.toJson()));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("pid", pid);
            result.put("events", events);
            result.put("audit", audit);
            out.println(Json.write(result));
        } else {
            events.forEach(e -> out.println(text((Map<String, Object>) e)));
            audit.forEach(a -> out.println(auditText((Map<String, Object>) a)));
        }
        return Exit.OK.code;
    }

    /** @return the agent's audit trail; none from an agent too old to keep one */
    private static List<AuditRecord> audit(TargetJvm jvm) throws ConnectionLost {
        try {
            return jvm.livePatch().audit();
        } catch (IllegalStateException | UnsupportedOperationException e) {
            return List.of();
        }
    }

    /**
     * @param record an audit record in its JSON form
     * @return {@code "audit: TIME USER ACTION 'PATCH' JAR sha256 HASH: OUTCOME"}
     */
    static String auditText(Map<String, Object> record) {
        return "audit: " + record.get("time") + " " + record.get("user") + " "
                + record.get("action")
                + (record.get("patch") == null ? "" : " '" + record.get("patch") + "'")
                + (record.get("jar") == null ? "" : " " + record.get("jar"))
                + (record.get("sha256") == null ? "" : " sha256 " + record.get("sha256"))
                + ": " + record.get("outcome");
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
