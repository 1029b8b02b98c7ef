package fleet.fix;

import io.jlivepatch.api.LivePatch;

/** The patch fix-greet, which every build of the service takes. */
@LivePatch(name = "fix-greet", description = "Service.greet: a new greeting")
final class FixGreet {
}
