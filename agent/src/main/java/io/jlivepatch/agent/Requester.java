package io.jlivepatch.agent;

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
     * A request served on behalf of a user.
     *
     * @param <T> what it returns
     * @param <E> what it throws
     */
    @FunctionalInterface
    public interface Request<T, E extends Exception> {
        /**
         * @return its result
         * @throws E if it fails
         */
        T serve() throws E;
    }

    /**
     * Runs {@code body} on behalf of {@code user}.
     *
     * @param <T> what it returns
     * @param <E> what it throws
     * @param user the OS user of the peer
     * @param body the request
     * @return what it returned
     * @throws E what it threw
     */
    public static <T, E extends Exception> T as(String user, Request<T, E> body) throws E {
        String previous = USER.get();
        USER.set(user);
        try {
            return body.serve();
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
