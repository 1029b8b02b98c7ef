package fleet.fix;

import io.jlivepatch.api.LivePatch;

/** The patch fix-hold, whose transition never completes: a thread never leaves hold(). */
@LivePatch(name = "fix-hold", description = "Service.hold: never reached by its thread")
final class FixHold {
}
