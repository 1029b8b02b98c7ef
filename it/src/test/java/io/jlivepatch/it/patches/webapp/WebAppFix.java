package io.jlivepatch.it.patches.webapp;

import io.jlivepatch.api.LivePatch;
import io.jlivepatch.api.Patch;
import io.jlivepatch.api.PatchContext;
import io.jlivepatch.api.PostPatch;
import io.jlivepatch.api.PostUnpatch;
import io.jlivepatch.api.PreUnpatch;
import io.jlivepatch.api.Replace;

/**
 * Patches the servlet of the {@code webapp} fixture in every deployment; its callbacks log the
 * identity of the loader they run for, and post-patch the context path of its deployment
 * (Tomcat forgets it at the stop).
 */
@LivePatch(name = "webapp_fix")
final class WebAppFix {

    @Patch("shop.HelloServlet")
    static final class HelloServletPatch {

        @Replace
        static String greeting() {
            return "hello, fixed";
        }

        @PostPatch
        static void postPatch(PatchContext context) {
            context.log("post-patch " + contextPath(context.classLoader()) + " " + id(context));
        }

        @PreUnpatch
        static void preUnpatch(PatchContext context) {
            context.log("pre-unpatch " + id(context));
        }

        @PostUnpatch
        static void postUnpatch(PatchContext context) {
            context.log("post-unpatch " + id(context));
        }

        static String id(PatchContext context) {
            return "loader@" + Integer.toHexString(System.identityHashCode(context.classLoader()));
        }

        /** Tomcat's {@code getContextName()}, else Jetty's {@code getContext().getContextPath()}. */
        static String contextPath(ClassLoader loader) {
            try {
                String name = String.valueOf(loader.getClass().getMethod("getContextName")
                        .invoke(loader));
                return name.startsWith("/") ? name : "/" + name;
            } catch (ReflectiveOperationException tomcat) {
                try {
                    Object context = loader.getClass().getMethod("getContext").invoke(loader);
                    return String.valueOf(context.getClass().getMethod("getContextPath")
                            .invoke(context));
                } catch (ReflectiveOperationException jetty) {
                    return "?";
                }
            }
        }
    }
}
