package io.jlivepatch.core.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jlivepatch.core.status.EngineStatus;
import io.jlivepatch.core.status.EngineStatus.OtherAgent;
import io.jlivepatch.client.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtherAgentsTest {

    private static final Path JLP = Path.of("/opt/jlp/jlp.jar").toAbsolutePath();

    @Test
    void agentsBeforeJlivepatchOnTheCommandLineRunBeforeItAndTheOthersAfter() {
        List<String> arguments = List.of("-Xmx64m", "-javaagent:/opt/otel/otel.jar=x=1",
                "-javaagent:" + JLP + "=patches=/etc/p", "-javaagent:/opt/apm/apm.jar");
        assertEquals(List.of(new OtherAgent("otel.jar", true), new OtherAgent("apm.jar", false)),
                OtherAgents.read(arguments, JLP));
    }

    @Test
    void everyAgentOnTheCommandLineRunsBeforeAJlivepatchAttachedLater() {
        assertEquals(List.of(new OtherAgent("otel.jar", true)),
                OtherAgents.read(List.of("-javaagent:/opt/otel/otel.jar"), JLP));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOtherAgentsSurviveTheJsonOfStatus() {
        EngineStatus status = new EngineStatus(List.of(), null, List.of(), Map.of(),
                List.of(new OtherAgent("otel.jar", true), new OtherAgent("apm.jar", false)));
        assertEquals(status.otherAgents(), EngineStatus.fromJson((Map<String, Object>) Json.read(
                Json.write(status.toJson(-1)))).otherAgents());
    }
}
