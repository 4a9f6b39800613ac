package org.freerpacapture.gateway.tenants;

/**
 * Tokens that refill at a steady rate up to a burst. A take of more tokens than the bucket holds is allowed when it
 * holds its whole burst or the take's count, whichever is less, and leaves it in debt: a 30-page document passes a
 * 10-page burst once the bucket is full, then the tenant waits it off.
 */
final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long updatedNanos;

    TokenBucket(TenantPlans.Rate rate, long nowNanos) {
        this.ratePerNano = rate.rate() / 1e9;
        this.burst = rate.burst();
        this.tokens = burst;
        this.updatedNanos = nowNanos;
    }

    /**
     * Takes {@code n} tokens if the bucket allows it.
     *
     * @return 0 when taken, otherwise the nanoseconds until it would be allowed
     */
    synchronized long take(double n, long nowNanos) {
        refill(nowNanos);
        double needed = Math.min(n, burst);
        if (tokens >= needed) {
            tokens -= n;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((needed - tokens) / ratePerNano));
    }

    /** Gives back tokens taken for a request another bucket then refused. */
    synchronized void giveBack(double n) {
        tokens = Math.min(burst, tokens + n);
    }

    /** Whole tokens left now. */
    synchronized long remaining(long nowNanos) {
        refill(nowNanos);
        return (long) Math.max(0, Math.floor(tokens));
    }

    /** Nanoseconds until the bucket is full again. */
    synchronized long untilFull(long nowNanos) {
        refill(nowNanos);
        return (long) Math.ceil((burst - tokens) / ratePerNano);
    }

    /** A full bucket is the same as a new one, so it may be forgotten. */
    synchronized boolean full(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst;
    }

    long burst() {
        return (long) Math.floor(burst);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - updatedNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * ratePerNano);
            updatedNanos = nowNanos;
        }
    }
}
