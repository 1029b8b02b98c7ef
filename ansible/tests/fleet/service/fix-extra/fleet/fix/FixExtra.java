package fleet.fix;

import io.jlivepatch.api.LivePatch;

/** The patch fix-extra, which the older build (no extra()) refuses. */
@LivePatch(name = "fix-extra", description = "Service.extra: a new answer")
final class FixExtra {
}
