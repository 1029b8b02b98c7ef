package io.jlivepatch.it.app;

/** A target with private state: a replacement must reach it through {@code @Shadow}. */
public class Account extends Base {

    private static String bank = "JLB";

    private long balance;

    /** @param balance the opening balance */
    public Account(long balance) {
        this.balance = balance;
    }

    private long fee() {
        return 1;
    }

    private static String currency() {
        return "EUR";
    }

    @Override
    protected String describe() {
        return "account";
    }

    /** @return the balance, for {@link Auditor} */
    public long balance() {
        return balance;
    }

    /** @return one line about this account */
    public String statement() {
        return describe() + " " + balance + " " + currency();
    }
}
