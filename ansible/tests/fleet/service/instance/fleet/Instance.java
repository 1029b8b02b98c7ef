package fleet;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

/** The life of one instance of the service, whichever its build: compiled into every build. */
final class Instance {

    private Instance() {
    }

    /**
     * Says it is ready, then does its work until it is killed, or until the test's end of its
     * standard input closes: no JVM outlives the test that started it.
     *
     * @param work one round of the service's work
     * @throws InterruptedException never: the test kills the process
     */
    static void run(Supplier<String> work) throws InterruptedException {
        Thread watch = new Thread(Instance::exitAtEndOfInput, "stdin-watch");
        watch.setDaemon(true);
        watch.start();
        System.out.println("ready " + System.getProperty("app.instance"));
        while (true) {
            if (work.get().isEmpty()) {
                throw new IllegalStateException("empty answer");
            }
            Thread.sleep(50);
        }
    }

    private static void exitAtEndOfInput() {
        try {
            System.in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // Closed as well.
        }
        System.exit(0);
    }
}
