package fleet;

/** The service of the fleet test: one instance per JVM, told apart by -Dapp.instance. */
public final class Service {

    private Service() {
    }

    static String greet() {
        return "hello";
    }

    static String extra() {
        return "extra";
    }

    /**
     * Runs one instance.
     *
     * @param args none
     * @throws InterruptedException never: the test kills the process
     */
    public static void main(String[] args) throws InterruptedException {
        Instance.run(() -> greet() + extra());
    }
}
