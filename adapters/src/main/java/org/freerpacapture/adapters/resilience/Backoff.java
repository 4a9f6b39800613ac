package org.freerpacapture.adapters.resilience;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the n-th retry waits a uniform random time in
 * {@code [0, min(max, base × 2^n))}, so clients that failed together do not come back together.
 */
record Backoff(Duration base, Duration max) {

    Duration delay(int retry) {
        long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(retry, 20));
        if (ceiling <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
