package io.jlivepatch.it.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * Embedded Jetty 12 (Jakarta EE 10) in a child JVM: deploys one WAR at several context paths,
 * each in a {@code WebAppContext} with its own {@code WebAppClassLoader}, then takes the
 * commands of {@link WebHost}. The servlet is mapped by its class name (annotation scanning is
 * a module of its own in Jetty, not needed here).
 *
 * <p>Arguments: the port, the WAR, the base directory, the context paths.
 */
public final class JettyHost {

    private static final String SERVLET = "shop.HelloServlet";

    private JettyHost() {
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        server.setHandler(contexts);
        Path war = Path.of(args[1]);
        Path base = Files.createDirectories(Path.of(args[2]));
        Map<String, WebAppContext> deployed = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            deployed.put(args[i], webApp(args[i], war, base));
            contexts.addHandler(deployed.get(args[i]));
        }
        server.start();
        WebHost.serve(new WebHost.Container() {
            @Override
            public void deploy(String path) throws Exception {
                WebAppContext webApp = webApp(path, war, base);
                deployed.put(path, webApp);
                contexts.addHandler(webApp);
                webApp.start();
            }

            @Override
            public ClassLoader undeploy(String path) throws Exception {
                WebAppContext webApp = deployed.remove(path);
                ClassLoader loader = webApp.getClassLoader();
                contexts.removeHandler(webApp);
                webApp.stop();
                webApp.destroy();
                // Jetty keeps the last request of a kept-alive connection, and with it the
                // servlet and its loader, even with nothing patched: closed here, so that only
                // other references keep the undeployed loader alive.
                connector.getConnectedEndPoints().forEach(EndPoint::close);
                return loader;
            }
        });
        server.stop();
    }

    private static WebAppContext webApp(String path, Path war, Path base) throws Exception {
        WebAppContext webApp = new WebAppContext();
        webApp.setContextPath(path);
        webApp.setWar(war.toString());
        webApp.setTempDirectory(Files.createTempDirectory(base, "webapp").toFile());
        webApp.addServlet(SERVLET, "/hello");
        return webApp;
    }
}
