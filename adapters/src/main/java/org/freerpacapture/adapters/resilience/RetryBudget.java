package org.freerpacapture.adapters.resilience;

/**
 * Limits retries to a share of calls, so that a failing provider sees at most {@code ratio} more traffic, not
 * {@code maxRetries} times more: a token bucket where every call deposits {@code ratio} tokens and every retry
 * costs one. The bucket starts with {@code initial} tokens (so a fresh gateway can retry its first transient
 * failure) and holds at most {@code capacity} (so a long healthy spell does not bank a retry storm).
 * Over any run, retries ≤ initial + ratio × calls.
 *
 * <p>Counted in thousandths of a token: ten deposits of 0.1 must make exactly one token.
 */
final class RetryBudget {
    private static final long ONE = 1000;

    private final long deposit;
    private final long capacity;
    private long balance;

    RetryBudget(double ratio, double initial, double capacity) {
        this.deposit = Math.round(ratio * ONE);
        this.capacity = Math.round(capacity * ONE);
        this.balance = Math.min(Math.round(initial * ONE), this.capacity);
    }

    synchronized void deposit() {
        balance = Math.min(capacity, balance + deposit);
    }

    /** Takes one token if there is one. */
    synchronized boolean tryWithdraw() {
        if (balance >= ONE) {
            balance -= ONE;
            return true;
        }
        return false;
    }

    synchronized double tokens() {
        return balance / (double) ONE;
    }
}
