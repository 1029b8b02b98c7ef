package io.jlivepatch.it.web;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/**
 * Embedded Tomcat in a child JVM: deploys one WAR at several context paths, then takes the
 * commands of {@link WebHost}.
 *
 * <p>Arguments: the port, the WAR, the base directory, the context paths.
 */
public final class TomcatHost {

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
        WebHost.serve(new WebHost.Container() {
            @Override
            public void deploy(String path) {
                tomcat.addWebapp(path, war.toString());
            }

            @Override
            public ClassLoader undeploy(String path) throws Exception {
                Context context = (Context) tomcat.getHost().findChild(path);
                ClassLoader loader = context.getLoader().getClassLoader();
                tomcat.getHost().removeChild(context);
                context.destroy();
                return loader;
            }
        });
        tomcat.stop();
        tomcat.destroy();
    }
}
