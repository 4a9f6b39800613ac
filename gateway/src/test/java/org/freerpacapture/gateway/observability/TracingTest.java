package org.freerpacapture.gateway.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.freerpacapture.adapters.ProviderFactory;
import org.freerpacapture.adapters.ProviderSafety;
import org.freerpacapture.fakes.textract.TextractCall;
import org.freerpacapture.fakes.textract.TextractFake;
import org.freerpacapture.gateway.execute.SingleProviderExecutor;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spans of one request, captured in memory: their names, parents and attributes. */
class TracingTest {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CALLER_SPAN = "00f067aa0ba902b7";
    static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01";

    private final Spans spans = new Spans();
    /** Closed after the gateway, the last pushed first. */
    private final Deque<AutoCloseable> closeAfter = new ArrayDeque<>();
    private ObservedGateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (AutoCloseable resource : closeAfter) {
            resource.close();
        }
    }

    private HttpResponse<Buffer> analyze() throws Exception {
        return gateway.client.post(HttpApi.DOCUMENTS_ANALYZE)
                .putHeader("Content-Type", "image/png")
                .putHeader("traceparent", TRACEPARENT)
                .putHeader("tracestate", "vendor=abc")
                .sendBuffer(Buffer.buffer(Fixtures.receiptPng())).await(20, TimeUnit.SECONDS);
    }

    @Test
    void a_request_with_a_traceparent_is_answered_in_that_trace_with_decode_route_provider_and_stage_spans()
            throws Exception {
        gateway = ObservedGateway.start(Observability.of(Telemetry.of(spans.sdk), ProviderPrices.NONE),
                setup -> new SingleProviderExecutor(new StagedProvider(), setup.hooks()));

        HttpResponse<Buffer> response = analyze();

        assertEquals(200, response.statusCode(), response.bodyAsString());
        String answered = response.getHeader("traceparent");
        assertTrue(answered.startsWith("00-" + TRACE_ID + "-"), answered);
        assertFalse(answered.contains(CALLER_SPAN), "the answer names the gateway's span, not the caller's");
        assertEquals("vendor=abc", response.getHeader("tracestate"));

        SpanData server = spans.server(TRACE_ID);
        assertEquals(CALLER_SPAN, server.getParentSpanId());
        assertTrue(answered.contains(server.getSpanId()), answered + " continues " + server.getSpanId());

        SpanData decode = spans.named(SpanNames.DECODE, server);
        assertEquals(Fixtures.receiptPng().length, decode.getAttributes().get(SpanNames.BYTES_IN));

        SpanData route = spans.named(SpanNames.ROUTE, server);
        assertEquals("default", route.getAttributes().get(SpanNames.ROUTE_NAME));
        assertEquals("local", route.getAttributes().get(SpanNames.VARIANT));
        assertEquals("onnx:staged", route.getAttributes().get(SpanNames.PROVIDER));
        assertEquals(false, route.getAttributes().get(SpanNames.FALLBACK));
        assertEquals(false, route.getAttributes().get(SpanNames.CASCADE));

        SpanData call = spans.named(SpanNames.PROVIDER_CALL, route);
        assertEquals(SpanKind.INTERNAL, call.getKind());
        assertEquals("onnx:staged", call.getAttributes().get(SpanNames.PROVIDER));
        assertEquals("ok", call.getAttributes().get(SpanNames.OUTCOME));

        for (String stage : List.of(SpanNames.DETECT, SpanNames.CLASSIFY, SpanNames.RECOGNIZE)) {
            SpanData span = spans.named(stage, call);
            assertEquals(StagedProvider.CROPS, span.getAttributes().get(SpanNames.CROPS), stage);
            assertEquals(1L, span.getAttributes().get(SpanNames.PAGE), stage);
            assertTrue(span.getEndEpochNanos() > span.getStartEpochNanos(), stage + " has a duration");
            assertTrue(span.getStartEpochNanos() >= call.getStartEpochNanos() - 1_000_000,
                    stage + " starts within its call");
        }
        SpanData recognize = spans.named(SpanNames.RECOGNIZE, call);
        assertEquals(StagedProvider.BATCHES, recognize.getAttributes().get(SpanNames.BATCHES));
        assertEquals(StagedProvider.BATCH_SIZE, recognize.getAttributes().get(SpanNames.BATCH_SIZE));
        assertTrue(spans.named(SpanNames.DETECT, call).getEndEpochNanos()
                <= spans.named(SpanNames.CLASSIFY, call).getStartEpochNanos(), "stages keep their order in time");
    }

    @Test
    void a_request_without_a_traceparent_starts_a_trace_and_is_answered_with_it() throws Exception {
        gateway = ObservedGateway.start(Observability.of(Telemetry.of(spans.sdk), ProviderPrices.NONE),
                setup -> new SingleProviderExecutor(new StagedProvider(), setup.hooks()));

        HttpResponse<Buffer> response = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE)
                .putHeader("Content-Type", "image/png")
                .sendBuffer(Buffer.buffer(Fixtures.receiptPng())).await(20, TimeUnit.SECONDS);

        assertEquals(200, response.statusCode());
        String traceId = response.getHeader("traceparent").split("-")[1];
        SpanData server = spans.server(traceId);
        assertEquals("0000000000000000", server.getParentSpanId());
        spans.named(SpanNames.ROUTE, server);
    }

    @Test
    void a_failed_primary_and_its_fallback_are_sibling_calls_and_the_cloud_call_carries_the_trace() throws Exception {
        LoopbackCloudProvider[] cloud = new LoopbackCloudProvider[1];
        gateway = ObservedGateway.start(Observability.of(Telemetry.of(spans.sdk), ProviderPrices.NONE), setup -> {
            try {
                cloud[0] = new LoopbackCloudProvider(setup.vertx(), "cloud:eu").failing();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new PlannedExecutor(setup.hooks(), cloud[0], new StagedProvider(), null, List.of());
        });

        HttpResponse<Buffer> response = analyze();

        assertEquals(200, response.statusCode(), response.bodyAsString());
        SpanData server = spans.server(TRACE_ID);
        SpanData route = spans.named(SpanNames.ROUTE, server);
        assertEquals(PlannedExecutor.ROUTE, route.getAttributes().get(SpanNames.ROUTE_NAME));
        assertEquals(PlannedExecutor.VARIANT, route.getAttributes().get(SpanNames.VARIANT));
        assertEquals(true, route.getAttributes().get(SpanNames.CANARY));
        assertEquals(false, route.getAttributes().get(SpanNames.SHADOW));
        assertEquals(true, route.getAttributes().get(SpanNames.FALLBACK));
        assertEquals("cloud:eu", route.getAttributes().get(SpanNames.FALLBACK_FROM));
        assertEquals("onnx:staged", route.getAttributes().get(SpanNames.PROVIDER));
        assertEquals(7L, route.getAttributes().get(SpanNames.POLICY_VERSION));

        SpanData failed = spans.await("the failed cloud call", s -> s.getName().equals(SpanNames.PROVIDER_CALL)
                && "cloud:eu".equals(s.getAttributes().get(SpanNames.PROVIDER)));
        assertEquals(route.getSpanId(), failed.getParentSpanId());
        assertEquals(SpanKind.CLIENT, failed.getKind());
        assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode());
        assertEquals("provider_unavailable", failed.getAttributes().get(SpanNames.OUTCOME));

        SpanData http = spans.await("the HTTP client span of the cloud call", s -> s.getKind() == SpanKind.CLIENT
                && s.getParentSpanId().equals(failed.getSpanId()));
        assertTrue(http.getAttributes().asMap().keySet().stream().anyMatch(k -> k.getKey().startsWith("http.")),
                "HTTP attributes: " + http.getAttributes());
        assertEquals(LoopbackCloudProvider.REQUEST_ID, http.getAttributes().get(SpanNames.PROVIDER_REQUEST_ID),
                "the provider's own request id");
        assertEquals(List.of("00-" + TRACE_ID + "-" + http.getSpanId() + "-01"), cloud[0].traceparents(),
                "the cloud service is called in the request's trace, under the HTTP client span");

        SpanData fallback = spans.await("the fallback call", s -> s.getName().equals(SpanNames.PROVIDER_CALL)
                && "onnx:staged".equals(s.getAttributes().get(SpanNames.PROVIDER)));
        assertEquals(route.getSpanId(), fallback.getParentSpanId());
        spans.named(SpanNames.RECOGNIZE, fallback);
        cloud[0].close();
    }

    @Test
    void a_textract_call_has_a_client_span_under_its_provider_call_and_sends_it_as_traceparent()
            throws Exception {
        TextractFake textract = gatewayOverTextract();

        HttpResponse<Buffer> response = analyze();

        assertEquals(200, response.statusCode(), response.bodyAsString());
        SpanData route = spans.named(SpanNames.ROUTE, spans.server(TRACE_ID));
        SpanData call = spans.named(SpanNames.PROVIDER_CALL, route);
        assertEquals(SpanKind.CLIENT, call.getKind());
        assertEquals("textract:fake", call.getAttributes().get(SpanNames.PROVIDER));
        assertEquals("ok", call.getAttributes().get(SpanNames.OUTCOME));

        SpanData textractCall = spans.await("Textract's client span under provider.call",
                s -> s.getKind() == SpanKind.CLIENT && s.getTraceId().equals(TRACE_ID)
                        && s.getParentSpanId().equals(call.getSpanId()));
        Map<String, Object> attributes = new HashMap<>();
        textractCall.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), value));
        String seen = textractCall.getName() + " " + attributes;
        assertEquals("Textract.DetectDocumentText", textractCall.getName(), seen);
        assertEquals("DetectDocumentText", attributes.get("rpc.method"), seen);
        assertEquals("POST", attributes.get("http.request.method"), seen);
        assertEquals(200L, attributes.get("http.response.status_code"), seen);
        assertTrue(String.valueOf(attributes.get("url.full")).startsWith(textract.endpoint().toString()), seen);
        String requestId = textractCall.getAttributes().get(AttributeKey.stringKey("aws.request_id"));
        assertTrue(requestId != null && requestId.matches("[0-9a-f-]{36}"), "the fake's x-amzn-RequestId: " + seen);

        List<String> clientSpans = spans.all().stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT && s.getTraceId().equals(TRACE_ID)
                        && !s.getName().equals(SpanNames.PROVIDER_CALL))
                .map(SpanData::getName).toList();
        assertEquals(List.of("Textract.DetectDocumentText"), clientSpans,
                "one client span per call: the operation's, not a second one from the HTTP transport");

        List<TextractCall> calls = textract.calls();
        assertEquals(1, calls.size());
        assertEquals("00-" + TRACE_ID + "-" + textractCall.getSpanId() + "-01", calls.get(0).traceparent(),
                "Textract is called in the request's trace, under its client span");
    }

    @Test
    void a_throttled_textract_attempt_is_an_error_span_and_the_retry_beside_it_is_not() throws Exception {
        TextractFake textract = gatewayOverTextract();
        textract.faults().throttleNext(1);

        HttpResponse<Buffer> response = analyze();

        assertEquals(200, response.statusCode(), response.bodyAsString());
        SpanData call = spans.named(SpanNames.PROVIDER_CALL, spans.named(SpanNames.ROUTE, spans.server(TRACE_ID)));
        // Each attempt's span ends before its answer is handed on, so both have ended by the response.
        List<SpanData> attempts = spans.all().stream()
                .filter(s -> s.getName().equals("Textract.DetectDocumentText")
                        && s.getParentSpanId().equals(call.getSpanId()))
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
        assertEquals(2, attempts.size(), Spans.describe(spans.all()));
        SpanData throttled = attempts.get(0);
        SpanData retried = attempts.get(1);
        assertEquals(StatusCode.ERROR, throttled.getStatus().getStatusCode(), throttled.toString());
        assertEquals("throttled", throttled.getAttributes().get(AttributeKey.stringKey("error.type")));
        assertEquals(400L, throttled.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals(StatusCode.UNSET, retried.getStatus().getStatusCode(), retried.toString());
        assertEquals(2, textract.calls().size());
    }

    /** A loopback Textract, and a gateway that reads every request there through the factory-built provider. */
    private TextractFake gatewayOverTextract() throws Exception {
        Vertx service = Vertx.vertx();
        TextractFake textract = TextractFake.start(service).await(10, TimeUnit.SECONDS)
                .acceptKey("AKIDTRACINGTEST", "tracing-test-secret");
        closeAfter.push(() -> service.close().await(10, TimeUnit.SECONDS));
        closeAfter.push(awsCredentials("AKIDTRACINGTEST", "tracing-test-secret"));
        gateway = ObservedGateway.start(Observability.of(Telemetry.of(spans.sdk), ProviderPrices.NONE), setup -> {
            // As the gateway builds cloud providers: through the factory, with its OpenTelemetry.
            var provider = new ProviderFactory(setup.vertx(), spans.sdk)
                    .withSafety(ProviderSafety.defaults().withLoopback(true)).create("textract:fake", Map.of(
                    "kind", "textract", "region", TextractFake.DEFAULT_REGION,
                    "endpoint", textract.endpoint().toString()));
            closeAfter.push(provider);
            return new SingleProviderExecutor(provider, setup.hooks());
        });
        return textract;
    }

    /** Keys for the AWS SDK's default credentials chain (system properties come first in it); restored on close. */
    private static AutoCloseable awsCredentials(String keyId, String secret) {
        String oldId = System.getProperty("aws.accessKeyId");
        String oldSecret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", keyId);
        System.setProperty("aws.secretAccessKey", secret);
        return () -> {
            restore("aws.accessKeyId", oldId);
            restore("aws.secretAccessKey", oldSecret);
        };
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }

    @Test
    void a_shadow_read_is_a_trace_of_its_own_linked_to_the_request() throws Exception {
        gateway = ObservedGateway.start(Observability.of(Telemetry.of(spans.sdk), ProviderPrices.NONE),
                setup -> new PlannedExecutor(setup.hooks(), new StagedProvider(), null, new StagedProvider(),
                        List.of(1)));

        assertEquals(200, analyze().statusCode());

        SpanData route = spans.named(SpanNames.ROUTE, spans.server(TRACE_ID));
        assertEquals(true, route.getAttributes().get(SpanNames.SHADOW));
        assertEquals(true, route.getAttributes().get(SpanNames.CASCADE));
        assertEquals(1L, route.getAttributes().get(SpanNames.ESCALATED_PAGES));
        SpanData shadow = spans.await("the shadow call", s -> s.getName().equals(SpanNames.SHADOW_CALL));
        assertNotEquals(TRACE_ID, shadow.getTraceId());
        assertEquals("0000000000000000", shadow.getParentSpanId());
        assertEquals(1, shadow.getLinks().size());
        assertEquals(route.getSpanId(), shadow.getLinks().get(0).getSpanContext().getSpanId());
        assertEquals(TRACE_ID, shadow.getLinks().get(0).getSpanContext().getTraceId());
        spans.named(SpanNames.DETECT, shadow);
    }
}
