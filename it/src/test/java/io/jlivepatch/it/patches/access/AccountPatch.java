package io.jlivepatch.it.patches.access;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;
import io.jlivepatch.api.Shadow;
import io.jlivepatch.it.app.Account;
import io.jlivepatch.it.app.Auditor;
import io.jlivepatch.it.app.Base;

/**
 * Uses, from one replacement: a private instance field (read and written), a private static
 * field, a private instance method, a private static method, a super call, an inherited virtual
 * call, a helper method of its own, and {@code (Account) (Object) this}.
 */
@Patch("io.jlivepatch.it.app.Account")
abstract class AccountPatch extends Base {

    @Shadow
    private static String bank;

    @Shadow
    private long balance;

    @Shadow
    private long fee() {
        throw new AssertionError("shadow body never runs");
    }

    @Shadow
    private static String currency() {
        throw new AssertionError("shadow body never runs");
    }

    @Replace
    public String statement() {
        balance -= fee();
        return "patched " + tag() + " " + super.describe() + "/" + describe() + " " + balance
                + " " + currency() + " " + bank + " " + Auditor.stamp((Account) (Object) this);
    }

    private String tag() {
        return "v" + (balance > 0 ? 2 : 0);
    }
}
