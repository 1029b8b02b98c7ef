package io.jlivepatch.it.patches.ctor;

import io.jlivepatch.api.Patch;
import io.jlivepatch.api.Replace;
import io.jlivepatch.api.Shadow;

/** Account(long): the opening balance counts twice (a visible change). */
@Patch("io.jlivepatch.it.app.Account")
final class AccountCtorPatch {

    @Shadow
    private long balance;

    @Replace
    AccountCtorPatch(long balance) {
        this.balance = balance * 2;
    }
}
