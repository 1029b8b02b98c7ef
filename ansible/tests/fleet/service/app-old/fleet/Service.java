package fleet;

/** An older build of the service, without extra(): the fleet's second host still runs it. */
public final class Service {

    private Service() {
    }

    static String greet() {
        return "hello";
    }

    /**
     * Says it is ready, then calls its method until it is killed.
     *
     * @param args none
     * @throws InterruptedException never: the test kills the process
     */
    public static void main(String[] args) throws InterruptedException {
        System.out.println("ready " + System.getProperty("app.instance"));
        while (true) {
            if (greet().isEmpty()) {
                throw new IllegalStateException("empty answer");
            }
            Thread.sleep(50);
        }
    }
}
