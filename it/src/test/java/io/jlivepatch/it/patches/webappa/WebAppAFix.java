package io.jlivepatch.it.patches.webappa;

import io.jlivepatch.api.LivePatch;
import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

/** Patches the servlet of the {@code webapp} fixture only where it is deployed at {@code /a}. */
@LivePatch(name = "webapp_a_fix")
final class WebAppAFix {

    @Patch(value = "shop.HelloServlet", loader = "webapp:/a")
    static final class HelloServletPatch {

        @Replace
        static String greeting() {
            return "hello, fixed in /a";
        }
    }
}
