package io.jlivepatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jlivepatch.client.Json;
import io.jlivepatch.core.events.Event;
import io.jlivepatch.core.model.PatchException.Kind;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.status.EngineStatus.ThreadState;
import java.util.List;
import org.junit.jupiter.api.Test;

class LivePatchBeanTest {

    @Test
    void exceptionsCrossJmxWithKindAndMessageButNoCause() {
        PatchException engine = new PatchException(Kind.FAILED, "'fix-1': retransformation"
                + " failed", new IllegalStateException("internal"));

        PatchException client = LivePatchBean.forClient(engine);

        assertEquals(Kind.FAILED, client.kind());
        assertEquals(engine.getMessage(), client.getMessage());
        assertNull(client.getCause());
    }

    @Test
    void eventsAreListedWithSequenceTimeLevelAndMessage() {
        List<Event> events = List.of(
                new Event(7, 1000, Event.Level.NOTICE, "livepatch: enabling patch 'fix-1'"),
                new Event(8, 1001, Event.Level.DEBUG,
                        "livepatch: 'fix-1': initializing patching transition"));

        assertEquals("[{\"sequence\":7,\"time\":1000,\"level\":\"NOTICE\",\"message\":"
                + "\"livepatch: enabling patch 'fix-1'\"},{\"sequence\":8,\"time\":1001,"
                + "\"level\":\"DEBUG\",\"message\":\"livepatch: 'fix-1': initializing patching"
                + " transition\"}]", Json.write(LivePatchBean.eventsToJson(events)));
    }

    @Test
    void threadStatesAreListedWithNameIdAndPatchState() {
        List<ThreadState> states = List.of(new ThreadState("main", 1, 0),
                new ThreadState("worker \"2\"", 31, 1));

        assertEquals("[{\"name\":\"main\",\"id\":1,\"patchState\":0},{\"name\":\"worker"
                + " \\\"2\\\"\",\"id\":31,\"patchState\":1}]",
                Json.write(LivePatchBean.threadStatesToJson(states)));
    }
}
