package io.jlivepatch.it.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code webapp} fixture WAR, and what {@code jlp status} says of its deployments. */
public final class WebApps {

    /** The fixture's servlet, the class the web-application tests patch. */
    public static final String SERVLET = "shop.HelloServlet";

    private WebApps() {
    }

    /** @return the {@code webapp} fixture's release WAR, built once per run */
    public static Path releaseWar() {
        return war(Fixtures.build("webapp", "release", Map.of()));
    }

    /** @return the WAR a built fixture project holds */
    public static Path war(Path project) {
        return project.resolve("target/shop-1.0.war");
    }

    /**
     * @param app the running container
     * @return the loader names of the status's objects for {@link #SERVLET}, sorted
     */
    @SuppressWarnings("unchecked")
    public static List<String> loaders(HttpApp app) {
        Jlp.Result status = Jlp.ok("status", app.pid(), "--json");
        List<String> loaders = new ArrayList<>();
        for (Object p : (List<Object>) status.json().get("patches")) {
            for (Object o : (List<Object>) ((Map<String, Object>) p).get("objects")) {
                Map<String, Object> object = (Map<String, Object>) o;
                if (SERVLET.equals(object.get("name"))) {
                    loaders.add((String) object.get("loader"));
                }
            }
        }
        loaders.sort(null);
        return loaders;
    }
}
