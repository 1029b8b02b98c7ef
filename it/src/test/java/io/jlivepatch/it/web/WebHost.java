package io.jlivepatch.it.web;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;

/**
 * The command loop of a servlet container in a child JVM: takes commands on standard input, one
 * a line, and answers each with a line starting {@code @@}: {@code undeploy /b},
 * {@code deploy /b}, and {@code collected /b} (whether the class loader of an undeployed
 * application was garbage collected, after asking the JVM to collect a few times).
 */
final class WebHost {

    private static final int COLLECT_ATTEMPTS = 50;

    /** What the loop needs of a container. */
    interface Container {
        /** Deploys the WAR at a context path. */
        void deploy(String path) throws Exception;

        /** Undeploys the application at a context path. @return its class loader */
        ClassLoader undeploy(String path) throws Exception;
    }

    private WebHost() {
    }

    /** Answers commands until standard input ends. */
    static void serve(Container container) throws Exception {
        System.out.println("@@ready");
        Map<String, WeakReference<ClassLoader>> undeployed = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null; ) {
            String[] command = line.trim().split(" ");
            String path = command[1];
            switch (command[0]) {
                case "undeploy" -> {
                    undeployed.put(path, new WeakReference<>(container.undeploy(path)));
                    System.out.println("@@undeployed " + path);
                }
                case "deploy" -> {
                    container.deploy(path);
                    System.out.println("@@deployed " + path);
                }
                case "collected" -> System.out.println("@@" + collected(undeployed.get(path)));
                default -> System.out.println("@@unknown command " + line);
            }
        }
    }

    private static boolean collected(WeakReference<ClassLoader> loader)
            throws InterruptedException {
        for (int i = 0; i < COLLECT_ATTEMPTS && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return loader.get() == null;
    }
}
