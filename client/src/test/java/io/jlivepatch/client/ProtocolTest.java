package io.jlivepatch.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lines of the control channel read back as what was written, and bad lines named. */
class ProtocolTest {

    @Test
    void everyRequestReadsBackAsItself() {
        for (Request request : List.of(new Request.Load("/p/fix \"1\".jar", true),
                new Request.Disable("fix-1"), new Request.Enable("fix-1"), new Request.Force(),
                new Request.ReadStatus(), new Request.ReadThreadStates(),
                new Request.ReadEvents(42), new Request.ReadAudit(),
                new Request.AwaitTransition("fix-1", 60_000, 7))) {
            assertEquals(request, Request.read(request.toLine()), request.toLine());
        }
        assertEquals("{\"op\":\"load\",\"jar\":\"/p/fix.jar\",\"strict\":false}",
                new Request.Load("/p/fix.jar", false).toLine());
    }

    @Test
    void anUnknownOrIncompleteRequestIsNamed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Request.read("{\"op\":\"getStatusJson\",\"args\":[]}"));
        assertTrue(unknown.getMessage().contains("no operation getStatusJson"),
                unknown.getMessage());
        IllegalArgumentException incomplete = assertThrows(IllegalArgumentException.class,
                () -> Request.read("{\"op\":\"disable\"}"));
        assertTrue(incomplete.getMessage().contains("lacks the text member patch"),
                incomplete.getMessage());
    }

    @Test
    void everyAnswerReadsBackAsItself() {
        Status status = Status.read("{\"patches\":[],\"transition\":null}");
        for (Answer answer : List.of(new Answer.Value("fix-1"), new Answer.Value(null),
                new Answer.Refused(Refusal.Kind.BUSY, "'x' is in transition"),
                new Answer.Failed("java.lang.IllegalStateException: boom"),
                new Answer.Progress(new Event(3, 17, "NOTICE", "livepatch: a\nb")),
                new Answer.Waiting(2000, status))) {
            assertEquals(answer, Answer.read(answer.toLine()), answer.toLine());
            assertTrue(!answer.toLine().contains("\n"), "one line: " + answer.toLine());
        }
        assertThrows(IllegalStateException.class, () -> Answer.read("{\"value\":1,\"x\":2}"));
    }

    @Test
    void aPatchIsSettledOnlyOutOfTransitionAndWithAFreshStatus() {
        String inTransition = "{\"patches\":[{\"name\":\"fix-1\",\"enabled\":true,\"transition\":"
                + "true}],\"transition\":{\"patch\":\"fix-1\",\"target\":\"PATCHED\","
                + "\"pendingThreads\":[{\"name\":\"w\",\"id\":9,\"blockedIn\":\"A.f\"}]}}";
        assertEquals(Optional.empty(), Status.read(inTransition).settled("fix-1"));
        assertEquals(List.of(new Status.PendingThread("w", 9, "A.f")),
                Status.read(inTransition).transition().orElseThrow().pendingThreads());
        String patched = "{\"patches\":[{\"name\":\"fix-1\",\"enabled\":true,\"transition\":"
                + "false}],\"transition\":null}";
        assertEquals(Optional.of(TransitionEnd.State.PATCHED),
                Status.read(patched).settled("fix-1"));
        assertEquals(Optional.of(TransitionEnd.State.UNPATCHED),
                Status.read(patched).settled("fix-2"));
        String stale = "{\"patches\":[],\"transition\":null,\"stale\":\"the engine is busy\"}";
        assertEquals(Optional.empty(), Status.read(stale).settled("fix-1"),
                "a stale status may predate the operation");
    }
}
