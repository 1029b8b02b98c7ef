package io.jlivepatch.it.patches.calc;

import io.jlivepatch.api.LivePatch;

/** Static and instance replacements, wide parameters, a void method, one of two overloads. */
@LivePatch(name = "calc_fix")
final class CalcFix {
}
