package io.jlivepatch.it.web;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/**
 * Embedded Tomcat in a child JVM: deploys one WAR at several context paths, then takes commands
 * on standard input, one a line, and answers each with a line starting {@code @@}:
 * {@code undeploy /b}, {@code deploy /b}, and {@code collected /b} (whether the class loader of
 * an undeployed context was garbage collected, after asking the JVM to collect a few times).
 *
 * <p>Arguments: the port, the WAR, the base directory, the context paths.
 */
public final class TomcatHost {

    private static final int COLLECT_ATTEMPTS = 50;

    private TomcatHost() {
    }

    public static void main(String[] args) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setPort(Integer.parseInt(args[0]));
        tomcat.setHostname("127.0.0.1");
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Path war = Path.of(args[1]);
        tomcat.setBaseDir(args[2]);
        Files.createDirectories(Path.of(args[2], "webapps"));
        for (int i = 3; i < args.length; i++) {
            tomcat.addWebapp(args[i], war.toString());
        }
        tomcat.start();
        System.out.println("@@ready");
        Map<String, WeakReference<ClassLoader>> undeployed = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null; ) {
            String[] command = line.trim().split(" ");
            String path = command[1];
            switch (command[0]) {
                case "undeploy" -> {
                    Context context = (Context) tomcat.getHost().findChild(path);
                    undeployed.put(path, new WeakReference<>(context.getLoader()
                            .getClassLoader()));
                    tomcat.getHost().removeChild(context);
                    context.destroy();
                    System.out.println("@@undeployed " + path);
                }
                case "deploy" -> {
                    tomcat.addWebapp(path, war.toString());
                    System.out.println("@@deployed " + path);
                }
                case "collected" -> System.out.println("@@" + collected(undeployed.get(path)));
                default -> System.out.println("@@unknown command " + line);
            }
        }
        tomcat.stop();
        tomcat.destroy();
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
