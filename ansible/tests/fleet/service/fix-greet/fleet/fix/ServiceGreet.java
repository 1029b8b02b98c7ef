package fleet.fix;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

/** Replaces Service.greet. */
@Patch("fleet.Service")
abstract class ServiceGreet {

    @Replace
    static String greet() {
        return "hello, patched";
    }
}
