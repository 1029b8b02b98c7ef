package fleet.fix;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

/** Replaces Service.extra. */
@Patch("fleet.Service")
abstract class ServiceExtra {

    @Replace
    static String extra() {
        return "extra, patched";
    }
}
