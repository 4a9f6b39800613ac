package org.freerpacapture.gateway.execute;

import org.freerpacapture.gateway.observability.ExecutionHooks;
import org.freerpacapture.gateway.routing.Plan;
import org.freerpacapture.gateway.routing.TextAgreement;
import org.freerpacapture.gateway.routing.VariantStats;
import org.freerpacapture.ocr.Deadline;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Sends a copy of a request to a shadow provider after the primary has answered, and records how far the two
 * readings agree ({@link TextAgreement}). Nobody waits for it: the response is already on its way, so the local
 * engine reads it in the background, giving way to callers' pages. At most {@code capacity} shadow reads run at
 * once; a sampled read beyond that, or one whose provider is missing, has its circuit open or fails, is counted as
 * skipped.
 */
public final class ShadowReader {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowReader.class);

    /** Shadow reads in flight at most, by default. */
    public static final int DEFAULT_CAPACITY = 4;
    /** How long one shadow read may take, by default; it has its own budget, not the caller's. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final int capacity;
    private final Duration timeout;
    private final Semaphore permits;
    private final ExecutionHooks hooks;

    public ShadowReader(int capacity, Duration timeout) {
        this(capacity, timeout, ExecutionHooks.NONE);
    }

    /** @param hooks observability's view of shadow calls and their agreement */
    public ShadowReader(int capacity, Duration timeout, ExecutionHooks hooks) {
        if (capacity < 1) {
            throw new IllegalArgumentException("shadow capacity must be ≥ 1");
        }
        this.capacity = capacity;
        this.timeout = timeout;
        this.permits = new Semaphore(capacity);
        this.hooks = hooks;
    }

    /**
     * Starts the plan's shadow read and returns at once.
     *
     * @param provider the shadow provider, or null when the policy names one this gateway could not build
     * @param primary  the primary's reading, the reference the shadow is compared with
     * @param stats    where the agreement (or the skip) is recorded: the plan's route and variant
     */
    public void read(Plan plan, OcrProvider provider, OcrRequest request, OcrResult primary, VariantStats stats) {
        read(plan, provider, request, primary, stats, shadow -> { });
    }

    /** As above; {@code read} is told of the shadow's reading when it succeeds (to count what it cost). */
    public void read(Plan plan, OcrProvider provider, OcrRequest request, OcrResult primary, VariantStats stats,
                     Consumer<OcrResult> read) {
        if (provider == null || ProviderCalls.circuitOpen(provider) || !permits.tryAcquire()) {
            stats.recordShadowSkipped();
            return;
        }
        OcrRequest copy = request.attempt(Deadline.after(timeout)).inBackground();
        CompletionStage<OcrResult> stage;
        try {
            stage = hooks.shadowCall(plan.shadow().orElse(provider.id()), provider, copy);
        } catch (RuntimeException e) {
            permits.release();
            skipped(provider, request, stats, e);
            return;
        }
        stage.whenComplete((shadow, failure) -> {
            permits.release();
            if (failure != null) {
                skipped(provider, request, stats, failure);
            } else {
                read.accept(shadow);
                double agreement = TextAgreement.between(primary, shadow);
                stats.recordShadow(agreement);
                hooks.shadowCompared(plan.route(), plan.variant(), agreement);
            }
        });
    }

    /** Shadow reads running now. */
    public int inFlight() {
        return capacity - permits.availablePermits();
    }

    public int capacity() {
        return capacity;
    }

    private static void skipped(OcrProvider provider, OcrRequest request, VariantStats stats, Throwable failure) {
        stats.recordShadowSkipped();
        LOG.debug("request {}: shadow read by {} failed: {}", request.requestId(), provider.id(),
                failure.toString());
    }
}
