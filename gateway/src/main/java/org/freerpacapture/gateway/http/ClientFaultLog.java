package org.freerpacapture.gateway.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Where client faults (bad input, slow or too many connections) are logged: one WARN line per request without a
 * stack trace, and at most {@link #LINES_PER_SECOND} such lines a second. What a flood would add beyond that is
 * counted and reported in the next line, so the log stays readable and its volume bounded under attack.
 */
public final class ClientFaultLog {

    static final int LINES_PER_SECOND = 20;
    private static final Logger LOG = LoggerFactory.getLogger("gateway.client-faults");
    private static final long SECOND_NANOS = 1_000_000_000L;

    private static final AtomicLong WINDOW_START = new AtomicLong(System.nanoTime());
    private static final AtomicLong IN_WINDOW = new AtomicLong();
    private static final AtomicLong SUPPRESSED = new AtomicLong();

    private ClientFaultLog() {
    }

    /** Logs one client fault at WARN unless this second's share is spent. Arguments never carry a body. */
    public static void warn(String format, Object... args) {
        if (!LOG.isWarnEnabled()) {
            return;
        }
        long now = System.nanoTime();
        long start = WINDOW_START.get();
        if (now - start >= SECOND_NANOS && WINDOW_START.compareAndSet(start, now)) {
            IN_WINDOW.set(0);
        }
        if (IN_WINDOW.incrementAndGet() > LINES_PER_SECOND) {
            SUPPRESSED.incrementAndGet();
            return;
        }
        long dropped = SUPPRESSED.getAndSet(0);
        if (dropped > 0) {
            LOG.warn("{} client fault(s) not logged (more than {} a second)", dropped, LINES_PER_SECOND);
        }
        LOG.warn(format, args);
    }
}
