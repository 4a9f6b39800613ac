package org.freerpacapture.adapters.textract;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.util.Optional;

/**
 * Puts a W3C {@code traceparent} on each Textract HTTP request, naming the SDK call's client span.
 *
 * <p>The OpenTelemetry AWS SDK instrumentation propagates only AWS X-Ray's {@code X-Amzn-Trace-Id}
 * ({@code Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=<0|1>}), and keeps its span out of reach of other
 * interceptors (an async call never makes it current). Registered after it, this reads that header back and writes
 * the same trace and span in W3C form, so whatever reads {@code traceparent} on the other side (a proxy, a
 * recording fake) continues the gateway's trace under the client span.
 */
final class TraceparentHeader implements ExecutionInterceptor {

    static final String XRAY_HEADER = "X-Amzn-Trace-Id";

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkHttpRequest request = context.httpRequest();
        Optional<SpanContext> call = request.firstMatchingHeader(XRAY_HEADER).flatMap(TraceparentHeader::fromXray);
        if (call.isEmpty()) {
            return request;
        }
        SdkHttpRequest.Builder traced = request.toBuilder();
        W3CTraceContextPropagator.getInstance().inject(
                io.opentelemetry.context.Context.root().with(Span.wrap(call.get())), traced,
                SdkHttpRequest.Builder::putHeader);
        return traced.build();
    }

    /** The trace and span an X-Ray header names; empty when it names none validly. */
    static Optional<SpanContext> fromXray(String header) {
        String traceId = null;
        String spanId = null;
        boolean sampled = false;
        for (String field : header.split(";")) {
            String[] kv = field.trim().split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            switch (kv[0]) {
                case "Root" -> {
                    String[] root = kv[1].split("-");
                    traceId = root.length == 3 && root[0].equals("1") ? root[1] + root[2] : null;
                }
                case "Parent" -> spanId = kv[1];
                case "Sampled" -> sampled = kv[1].equals("1");
                default -> {
                }
            }
        }
        if (traceId == null || spanId == null) {
            return Optional.empty();
        }
        SpanContext span = SpanContext.createFromRemoteParent(traceId, spanId,
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
        return span.isValid() ? Optional.of(span) : Optional.empty();
    }
}
