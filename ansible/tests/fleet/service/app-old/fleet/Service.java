package fleet;

/** An older build of the service, without extra(): the fleet's second host still runs it. */
public final class Service {

    private Service() {
    }

    static String greet() {
        return "hello";
    }

    /**
     * Runs one instance.
     *
     * @param args none
     * @throws InterruptedException never: the test kills the process
     */
    public static void main(String[] args) throws InterruptedException {
        Instance.run(Service::greet);
    }
}
