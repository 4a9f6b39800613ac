package org.freerpacapture.gateway.observability;

import io.vertx.core.Context;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.tracing.opentelemetry.Operation;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Vert.x's OpenTelemetry tracing, plus one thing: an HTTP client span records the request id the called service
 * answered with ({@code apim-request-id}, {@code x-ms-request-id}, {@code x-amzn-requestid}, ...), so a trace
 * leads straight to the provider's own logs and support cases. Everything else is delegated unchanged.
 */
final class ProviderRequestIds implements VertxTracerFactory {

    /** Response headers that carry a cloud service's request id, in the order they are looked for. */
    static final List<String> HEADERS = List.of("apim-request-id", "x-ms-request-id", "x-amzn-requestid",
            "x-amz-request-id", "x-goog-request-id", "x-request-id");

    private final VertxTracerFactory delegate;

    ProviderRequestIds(VertxTracerFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    @SuppressWarnings("unchecked")
    public VertxTracer<?, ?> tracer(TracingOptions options) {
        return new Tracer((VertxTracer<Object, Object>) delegate.tracer(options));
    }

    @Override
    public TracingOptions newOptions() {
        return delegate.newOptions();
    }

    @Override
    public TracingOptions newOptions(io.vertx.core.json.JsonObject json) {
        return delegate.newOptions(json);
    }

    private record Tracer(VertxTracer<Object, Object> delegate) implements VertxTracer<Object, Object> {

        @Override
        public <R> Object receiveRequest(Context context, SpanKind kind, TracingPolicy policy, R request,
                                         String operation, Iterable<Map.Entry<String, String>> headers,
                                         TagExtractor<R> tags) {
            return delegate.receiveRequest(context, kind, policy, request, operation, headers, tags);
        }

        @Override
        public <R> void sendResponse(Context context, R response, Object payload, Throwable failure,
                                     TagExtractor<R> tags) {
            delegate.sendResponse(context, response, payload, failure, tags);
        }

        @Override
        public <R> Object sendRequest(Context context, SpanKind kind, TracingPolicy policy, R request,
                                      String operation, BiConsumer<String, String> headers, TagExtractor<R> tags) {
            return delegate.sendRequest(context, kind, policy, request, operation, headers, tags);
        }

        @Override
        public <R> void receiveResponse(Context context, R response, Object payload, Throwable failure,
                                        TagExtractor<R> tags) {
            if (payload instanceof Operation operation && response instanceof HttpResponse http) {
                for (String header : HEADERS) {
                    String id = http.headers().get(header);
                    if (id != null && !id.isBlank()) {
                        operation.span().setAttribute(SpanNames.PROVIDER_REQUEST_ID, id);
                        break;
                    }
                }
            }
            delegate.receiveResponse(context, response, payload, failure, tags);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
