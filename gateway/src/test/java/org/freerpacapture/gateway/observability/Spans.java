package org.freerpacapture.gateway.observability;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** Spans captured in memory, and ways to find them: by name, parent and kind. */
final class Spans {

    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();

    /** Waits (up to 10 s) until a finished span matches, and returns it: spans end as responses are written. */
    SpanData await(String what, Predicate<SpanData> match) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < until) {
            for (SpanData span : exporter.getFinishedSpanItems()) {
                if (match.test(span)) {
                    return span;
                }
            }
            synchronized (this) {
                wait(20);
            }
        }
        return fail("no finished span is " + what + "; finished: " + describe(exporter.getFinishedSpanItems()));
    }

    SpanData named(String name, SpanData parent) throws InterruptedException {
        return await(name + " under " + parent.getName(), s -> s.getName().equals(name)
                && s.getParentSpanId().equals(parent.getSpanId()) && s.getTraceId().equals(parent.getTraceId()));
    }

    /** The gateway's server span in the trace (not a loopback service's, which is in the trace too). */
    SpanData server(String traceId) throws InterruptedException {
        return await("the gateway's server span of trace " + traceId, s -> s.getKind() == SpanKind.SERVER
                && s.getTraceId().equals(traceId) && s.getAttributes().get(SpanNames.REQUEST_ID) != null);
    }

    List<SpanData> all() {
        return exporter.getFinishedSpanItems();
    }

    static String describe(List<SpanData> spans) {
        StringBuilder out = new StringBuilder();
        for (SpanData s : spans) {
            out.append("\n  ").append(s.getName()).append(" kind=").append(s.getKind()).append(" trace=")
                    .append(s.getTraceId()).append(" span=").append(s.getSpanId()).append(" parent=")
                    .append(s.getParentSpanId()).append(' ').append(s.getAttributes());
        }
        return out.toString();
    }
}
