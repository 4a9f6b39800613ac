package org.freerpacapture.gateway.observability;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.freerpacapture.ocr.StageListener;
import org.freerpacapture.ocr.StageTiming;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Turns the local engine's finished stages into child spans of their provider call, with their real start and end
 * times, and into {@code gateway_inference_stage_seconds}. Runs on inference threads; the SDK and the registry
 * are thread-safe.
 */
final class StageSpans implements StageListener {

    private final Tracer tracer;
    private final GatewayMetrics metrics;
    private final Context call;
    private final String providerId;
    /** Epoch nanoseconds minus {@link System#nanoTime()}, taken once so that stages keep their exact order. */
    private final long epochOffset;

    StageSpans(Tracer tracer, GatewayMetrics metrics, Context call, String providerId) {
        this.tracer = tracer;
        this.metrics = metrics;
        this.call = call;
        this.providerId = providerId;
        Instant now = Instant.now();
        this.epochOffset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
    }

    @Override
    public void stageDone(StageTiming timing) {
        metrics.stage(providerId, timing.stage(), Duration.ofNanos(timing.endNanos() - timing.startNanos()));
        Span span = tracer.spanBuilder(timing.stage())
                .setParent(call)
                .setStartTimestamp(epochOffset + timing.startNanos(), TimeUnit.NANOSECONDS)
                .setAllAttributes(Attributes.builder()
                        .put(SpanNames.PROVIDER, providerId)
                        .put(SpanNames.PAGE, timing.pageNumber())
                        .put(SpanNames.CROPS, timing.crops())
                        .put(SpanNames.BATCHES, timing.batches())
                        .put(SpanNames.BATCH_SIZE, timing.batchSize())
                        .build())
                .startSpan();
        span.end(epochOffset + timing.endNanos(), TimeUnit.NANOSECONDS);
    }
}
