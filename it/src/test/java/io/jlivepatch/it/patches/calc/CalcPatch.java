package io.jlivepatch.it.patches.calc;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;
import io.jlivepatch.api.Shadow;

@Patch("io.jlivepatch.it.app.Calc")
abstract class CalcPatch {

    @Shadow
    private int factor;

    @Shadow
    private int total;

    @Replace
    public static int add(int a, int b) {
        return a + b + 100;
    }

    @Replace
    public static String mix(long a, double b, int c) {
        return "patched mix " + (a >> 40) + " " + (b * 2) + " " + (c + 1);
    }

    @Replace
    public int scale(int x) {
        return x * factor + 1;
    }

    @Replace
    public void accumulate(int x) {
        total += 2 * x;
    }
}
