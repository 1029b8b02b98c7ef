package io.jlivepatch.agent;

import java.util.function.Supplier;

/**
 * Who asked for the operation the current thread runs, for the audit trail: the OS user of the
 * control channel's peer (from its socket credentials), set by the control channel around each
 * request; {@value #JMX} for calls over JMX, which gives no user.
 */
public final class Requester {

    /** The requester of calls that do not come over the control channel. */
    static final String JMX = "unknown (over JMX)";

    private static final ThreadLocal<String> USER = new ThreadLocal<>();

    private Requester() {
    }

    /**
     * Runs {@code body} on behalf of {@code user}.
     *
     * @param user the OS user of the peer
     * @param body the request
     * @return what it returned
     */
    public static <T> T as(String user, Supplier<T> body) {
        String previous = USER.get();
        USER.set(user);
        try {
            return body.get();
        } finally {
            USER.set(previous);
        }
    }

    /** @return the user the current thread acts for, or {@value #JMX} */
    static String current() {
        String user = USER.get();
        return user == null ? JMX : user;
    }
}
