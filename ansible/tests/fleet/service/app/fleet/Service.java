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

    /** Never returns: the thread that runs it keeps a transition of hold() from completing. */
    static void hold() {
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Runs one instance.
     *
     * @param args none
     * @throws InterruptedException never: the test kills the process
     */
    public static void main(String[] args) throws InterruptedException {
        Thread holder = new Thread(Service::hold, "holder");
        holder.setDaemon(true);
        holder.start();
        Instance.run(() -> greet() + extra());
    }
}
