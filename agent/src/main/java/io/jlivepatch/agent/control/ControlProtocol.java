package io.jlivepatch.agent.control;

import io.jlivepatch.client.Answer;
import io.jlivepatch.client.Json;
import io.jlivepatch.client.Refusal;
import io.jlivepatch.client.Request;
import io.jlivepatch.core.mbean.LivePatchMXBean;
import io.jlivepatch.core.model.PatchException;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Serves the typed requests of the control channel ({@link Request}) with the operations of
 * {@link LivePatchMXBean}, the same bean JMX serves: each request gets its answer lines
 * ({@link Answer}). A refused operation is a {@link Answer.Refused} with the engine's kind, a bad
 * request or a fault an {@link Answer.Failed}; neither ends the connection.
 */
final class ControlProtocol {

    private final LivePatchMXBean bean;
    private final TransitionAwait transitions;

    /**
     * @param bean the bean that serves the operations
     * @param transitions serves the waits for transitions
     */
    ControlProtocol(LivePatchMXBean bean, TransitionAwait transitions) {
        this.bean = bean;
        this.transitions = transitions;
    }

    /**
     * Serves one request line.
     *
     * @param line the request line
     * @param out where its answer lines go, the final one last
     * @throws IOException if the client went away, or the serving thread was interrupted while
     *     a request waited ({@link InterruptedIOException})
     */
    void serve(String line, TransitionAwait.AnswerLines out) throws IOException {
        Answer answer;
        try {
            answer = answer(Request.read(line), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while serving " + line);
        } catch (PatchException e) {
            answer = new Answer.Refused(Refusal.Kind.named(e.kind().name()), e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            answer = new Answer.Failed(e.toString());
        }
        out.send(answer);
    }

    private Answer answer(Request request, TransitionAwait.AnswerLines out)
            throws PatchException, IOException, InterruptedException {
        if (request instanceof Request.Load load) {
            return new Answer.Value(load.strict() ? bean.loadStrict(load.jar())
                    : bean.load(load.jar()));
        } else if (request instanceof Request.Disable disable) {
            bean.disable(disable.patch());
        } else if (request instanceof Request.Enable enable) {
            bean.enable(enable.patch());
        } else if (request instanceof Request.Force) {
            bean.force();
        } else if (request instanceof Request.ReadStatus) {
            return new Answer.Value(Json.read(bean.getStatusJson()));
        } else if (request instanceof Request.ReadThreadStates) {
            return new Answer.Value(Json.read(bean.getThreadStatesJson()));
        } else if (request instanceof Request.ReadEvents events) {
            return new Answer.Value(Json.read(bean.eventsJson(events.afterSequence())));
        } else if (request instanceof Request.ReadAudit) {
            return new Answer.Value(Json.read(bean.auditJson()));
        } else if (request instanceof Request.AwaitTransition await) {
            return transitions.await(await, out);
        }
        return new Answer.Value(null);
    }

    /**
     * @param message why
     * @return the answer line of a {@code BUSY} refusal
     */
    static String busy(String message) {
        return new Answer.Refused(Refusal.Kind.BUSY, message).toLine();
    }
}
