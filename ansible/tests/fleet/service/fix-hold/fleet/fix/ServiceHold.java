package fleet.fix;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;

/** Replaces Service.hold. */
@Patch("fleet.Service")
abstract class ServiceHold {

    @Replace
    static void hold() {
        throw new IllegalStateException("never called: the holder thread never returns");
    }
}
