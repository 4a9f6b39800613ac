package org.freerpacapture.gateway.tenants;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes the ledger to its usage file every {@link #PERIOD} when it changed, and once more on stop, on a worker
 * thread. What a crash loses is at most one period's counting.
 */
public final class UsageSaver {

    private static final Logger LOG = LoggerFactory.getLogger(UsageSaver.class);
    public static final Duration PERIOD = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final UsageLedger ledger;
    private final UsageFile file;
    private final AtomicBoolean saving = new AtomicBoolean();
    private volatile long saved = -1;
    private volatile long timer = -1;

    public UsageSaver(Vertx vertx, UsageLedger ledger, UsageFile file) {
        this.vertx = vertx;
        this.ledger = ledger;
        this.file = file;
    }

    public void start() {
        saved = ledger.changes();
        timer = vertx.setPeriodic(PERIOD.toMillis(), id -> {
            if (ledger.changes() != saved && saving.compareAndSet(false, true)) {
                save().onComplete(ar -> saving.set(false));
            }
        });
    }

    /** Stops the periodic writes and writes what was counted since the last. */
    public Future<Void> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return save();
    }

    private Future<Void> save() {
        return vertx.executeBlocking(() -> {
            write();
            return null;
        }, false).<Void>mapEmpty().onFailure(e -> LOG.error("tenant usage could not be saved to {}: {}",
                file.path(), e instanceof IOException ? e.toString() : e));
    }

    /** One write at a time, each reading the ledger when it starts: the last write holds the latest usage. */
    private synchronized void write() throws IOException {
        long changes = ledger.changes();
        file.save(ledger.all());
        saved = changes;
    }
}
