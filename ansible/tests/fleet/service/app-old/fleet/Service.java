package fleet;

/** An older build of the service, without extra(): the fleet's second host still runs it. */
public final class Service {

    private Service() {
    }

    static String greet() {
        return "hello";
    }

    /** Exits when the test's end of the pipe closes: no JVM outlives the test that started it. */
    private static void exitAtEndOfInput() {
        try {
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException e) {
            // Closed as well.
        }
        System.exit(0);
    }

    /**
     * Says it is ready, then calls its method until it is killed.
     *
     * @param args none
     * @throws InterruptedException never: the test kills the process
     */
    public static void main(String[] args) throws InterruptedException {
        Thread watch = new Thread(Service::exitAtEndOfInput, "stdin-watch");
        watch.setDaemon(true);
        watch.start();
        System.out.println("ready " + System.getProperty("app.instance"));
        while (true) {
            if (greet().isEmpty()) {
                throw new IllegalStateException("empty answer");
            }
            Thread.sleep(50);
        }
    }
}
