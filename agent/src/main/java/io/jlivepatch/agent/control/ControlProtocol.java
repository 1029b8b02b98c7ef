package io.jlivepatch.agent.control;

import io.jlivepatch.core.mbean.LivePatchMXBean;
import io.jlivepatch.core.model.PatchException;
import io.jlivepatch.core.status.Json;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines of the control channel. A request names an operation of {@link LivePatchMXBean} and
 * its arguments: {@code {"op":"load","args":["/p/fix.jar"]}}. The answer is one of
 * {@code {"value":V}}, {@code {"refused":{"kind":"BUSY","message":"..."}}} (the
 * {@link PatchException} the operation threw) or {@code {"failed":"..."}} (anything else that went
 * wrong). Each is one line of compact JSON, which never holds a raw line break.
 */
final class ControlProtocol {

    private static final String OP = "op";
    private static final String ARGS = "args";
    private static final String VALUE = "value";
    private static final String REFUSED = "refused";
    private static final String KIND = "kind";
    private static final String MESSAGE = "message";
    private static final String FAILED = "failed";

    private ControlProtocol() {
    }

    /**
     * @param method an operation of {@link LivePatchMXBean}
     * @param args its arguments ({@code String} or {@code long}), or null for none
     * @return the request line
     */
    static String request(Method method, Object[] args) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put(OP, method.getName());
        request.put(ARGS, args == null ? List.of() : Arrays.asList(args));
        return Json.write(request);
    }

    /**
     * Calls the operation a request line names on {@code bean}.
     *
     * @param line the request line
     * @param bean the bean that serves it
     * @return the answer line; never throws for a bad request or a failed operation
     */
    static String serve(String line, LivePatchMXBean bean) {
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            Object value = invoke(line, bean);
            answer.put(VALUE, value instanceof String[] array ? Arrays.asList(array) : value);
        } catch (PatchException e) {
            return refusal(e.kind(), e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            answer.put(FAILED, e.toString());
        }
        return Json.write(answer);
    }

    /**
     * @param message why
     * @return the answer line of a {@code BUSY} refusal
     */
    static String busy(String message) {
        return refusal(PatchException.Kind.BUSY, message);
    }

    private static String refusal(PatchException.Kind kind, String message) {
        Map<String, Object> refused = new LinkedHashMap<>();
        refused.put(KIND, kind.name());
        refused.put(MESSAGE, message);
        return Json.write(Map.of(REFUSED, refused));
    }

    private static Object invoke(String line, LivePatchMXBean bean) throws PatchException {
        if (!(Json.read(line) instanceof Map<?, ?> request)
                || !(request.get(OP) instanceof String op)
                || !(request.get(ARGS) instanceof List<?> args)) {
            throw new IllegalArgumentException("not a control request: " + line);
        }
        Method method = operation(op, args.size());
        Class<?>[] types = method.getParameterTypes();
        Object[] values = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            values[i] = argument(op, types[i], args.get(i));
        }
        try {
            return method.invoke(bean, values);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PatchException p) {
                throw p;
            } else if (cause instanceof RuntimeException r) {
                throw r;
            } else if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("cannot call " + op + ": " + e, e);
        }
    }

    /** @return the operation of the bean interface named {@code op} taking {@code arity} args */
    private static Method operation(String op, int arity) {
        for (Method method : LivePatchMXBean.class.getMethods()) {
            if (method.getName().equals(op) && method.getParameterCount() == arity) {
                return method;
            }
        }
        throw new IllegalArgumentException("no operation " + op + " with " + arity
                + " argument(s); this jlp and the agent may be of different versions");
    }

    private static Object argument(String op, Class<?> type, Object json) {
        if (type == String.class && (json == null || json instanceof String)) {
            return json;
        } else if (type == long.class && json instanceof Long number) {
            return number;
        }
        throw new IllegalArgumentException("argument " + json + " of " + op + " is not a "
                + type.getSimpleName());
    }

    /**
     * Reads an answer line as the return value of {@code method}.
     *
     * @param line the answer line
     * @param method the operation that was called
     * @return its value
     * @throws PatchException the refusal the operation threw in the agent
     * @throws IllegalStateException if the operation failed otherwise, or the line is no answer
     */
    static Object answer(String line, Method method) throws PatchException {
        if (!(Json.read(line) instanceof Map<?, ?> answer)) {
            throw new IllegalStateException("not a control answer: " + line);
        }
        if (answer.get(REFUSED) instanceof Map<?, ?> refused) {
            throw new PatchException(kind(refused.get(KIND)), String.valueOf(refused.get(MESSAGE)));
        } else if (answer.containsKey(FAILED)) {
            throw new IllegalStateException("the jlivepatch agent failed: " + answer.get(FAILED));
        } else if (!answer.containsKey(VALUE)) {
            throw new IllegalStateException("not a control answer: " + line);
        }
        Object value = answer.get(VALUE);
        if (method.getReturnType() == String[].class && value instanceof List<?> list) {
            List<String> strings = new ArrayList<>();
            for (Object element : list) {
                strings.add((String) element);
            }
            return strings.toArray(new String[0]);
        }
        return value;
    }

    private static PatchException.Kind kind(Object name) {
        try {
            return PatchException.Kind.valueOf(String.valueOf(name));
        } catch (IllegalArgumentException e) {
            return PatchException.Kind.FAILED;
        }
    }
}
