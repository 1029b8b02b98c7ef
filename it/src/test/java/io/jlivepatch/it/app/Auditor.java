package io.jlivepatch.it.app;

/** Takes an {@link Account}: a replacement passes {@code (Account) (Object) this} to it. */
public final class Auditor {

    private Auditor() {
    }

    /**
     * @param account the account audited
     * @return a stamp naming the account's class and balance
     */
    public static String stamp(Account account) {
        return "audited " + account.getClass().getSimpleName() + "=" + account.balance();
    }
}
