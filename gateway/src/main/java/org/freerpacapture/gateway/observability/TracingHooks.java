package org.freerpacapture.gateway.observability;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.vertx.core.Future;
import org.freerpacapture.gateway.routing.Plan;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.Failures;
import org.freerpacapture.ocr.ProviderException;
import org.freerpacapture.ocr.ProviderInfo;
import org.freerpacapture.ocr.StageListener;

import java.util.concurrent.CompletionStage;

/** The {@link ExecutionHooks} of a running gateway: spans through the tracer, counts through the metrics. */
final class TracingHooks implements ExecutionHooks {

    private final Tracer tracer;
    private final GatewayMetrics metrics;

    TracingHooks(Tracer tracer, GatewayMetrics metrics) {
        this.tracer = tracer;
        this.metrics = metrics;
    }

    @Override
    public CompletionStage<OcrResult> call(String providerId, OcrProvider provider, OcrRequest request) {
        metrics.watch(providerId, provider);
        Span span = tracer.spanBuilder(SpanNames.PROVIDER_CALL)
                .setParent(Context.current())
                .setSpanKind(local(provider) ? SpanKind.INTERNAL : SpanKind.CLIENT)
                .setAllAttributes(providerAttributes(providerId, provider, request))
                .startSpan();
        return traced(span, providerId, provider, request);
    }

    @Override
    public CompletionStage<OcrResult> shadowCall(String providerId, OcrProvider provider, OcrRequest copy) {
        metrics.watch(providerId, provider);
        Span span = tracer.spanBuilder(SpanNames.SHADOW_CALL)
                .setNoParent()
                .addLink(Span.current().getSpanContext())
                .setSpanKind(local(provider) ? SpanKind.INTERNAL : SpanKind.CLIENT)
                .setAllAttributes(providerAttributes(providerId, provider, copy))
                .startSpan();
        return traced(span, providerId, provider, copy);
    }

    @Override
    public void routed(Plan plan) {
        Span.current().setAllAttributes(Attributes.builder()
                .put(SpanNames.ROUTE_NAME, plan.route())
                .put(SpanNames.VARIANT, plan.variant())
                .put(SpanNames.PROVIDER, plan.provider())
                .put(SpanNames.CANARY, plan.canary())
                .put(SpanNames.SHADOW, plan.shadow().isPresent())
                .put(SpanNames.POLICY_VERSION, plan.policyVersion())
                .build());
    }

    @Override
    public void shadowCompared(String route, String variant, double agreement) {
        metrics.shadowAgreement(route, variant, agreement);
    }

    @Override
    public void canaryRolledBack(String route) {
        metrics.canaryRollback(route);
    }

    private CompletionStage<OcrResult> traced(Span span, String providerId, OcrProvider provider,
                                              OcrRequest request) {
        Context call = Context.current().with(span);
        StageListener stages = new StageSpans(tracer, metrics, call, providerId);
        OcrRequest listened = request.withStages(request.stages() == StageListener.NONE ? stages
                : both(request.stages(), stages));
        return TracedWork.within(call, () -> Future.fromCompletionStage(provider.analyze(listened)))
                .andThen(ar -> {
                    String outcome = ar.succeeded() ? "ok" : outcome(ar.cause());
                    int pages = ar.succeeded() ? ar.result().pages().size() : 0;
                    metrics.providerCall(providerId, outcome, pages);
                    span.setAttribute(SpanNames.OUTCOME, outcome);
                    if (ar.succeeded()) {
                        span.setAttribute(SpanNames.PAGES, (long) pages);
                    } else {
                        span.recordException(ar.cause());
                        span.setStatus(StatusCode.ERROR, outcome);
                    }
                    span.end();
                })
                .toCompletionStage();
    }

    private static Attributes providerAttributes(String providerId, OcrProvider provider, OcrRequest request) {
        ProviderInfo info = provider.info();
        return Attributes.builder()
                .put(SpanNames.PROVIDER, providerId)
                .put(SpanNames.PROVIDER_KIND, info == null || info.kind() == null ? "unknown" : info.kind())
                .put(SpanNames.PAGES, (long) request.document().pages().size())
                .build();
    }

    private static boolean local(OcrProvider provider) {
        ProviderInfo info = provider.info();
        return info != null && "onnx".equals(info.kind());
    }

    /** The bounded code a failed call is counted under: the provider failure's kind, else {@code error}. */
    static String outcome(Throwable failure) {
        return Failures.cause(failure) instanceof ProviderException p ? p.kind().code() : "error";
    }

    private static StageListener both(StageListener first, StageListener second) {
        return timing -> {
            first.stageDone(timing);
            second.stageDone(timing);
        };
    }
}
