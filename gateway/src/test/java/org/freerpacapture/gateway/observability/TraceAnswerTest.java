package org.freerpacapture.gateway.observability;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.freerpacapture.gateway.execute.SingleProviderExecutor;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.ScriptedProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code traceparent} answer as the gateway runs by default: tracing configured from the environment with no
 * exporter. Every response of the public API names the gateway's server span (in the caller's trace when it sent
 * one, sampled or not); a response the HTTP layer gives before the router sees the request names none, as
 * docs/observability.md says.
 */
class TraceAnswerTest {

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";

    private ObservedGateway gateway;

    @BeforeEach
    void start() throws Exception {
        // No OTEL_* override: what a gateway started with no tracing settings does.
        gateway = ObservedGateway.start(Observability.of(Telemetry.configured(Map.of()), ProviderPrices.NONE),
                setup -> new SingleProviderExecutor(new ScriptedProvider(), setup.hooks()));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    private HttpResponse<Buffer> send(HttpMethod method, String path, String traceparent, String contentType)
            throws Exception {
        var request = gateway.client.request(method, path);
        if (traceparent != null) {
            request.putHeader("traceparent", traceparent);
        }
        if (contentType != null) {
            request.putHeader("Content-Type", contentType);
        }
        return request.sendBuffer(Buffer.buffer("not a document")).await(10, TimeUnit.SECONDS);
    }

    private static java.util.regex.Matcher answered(HttpResponse<Buffer> response) {
        String header = response.getHeader("traceparent");
        assertTrue(header != null && TRACEPARENT.matcher(header).matches(),
                response.statusCode() + " answered traceparent " + header);
        java.util.regex.Matcher m = TRACEPARENT.matcher(header);
        assertTrue(m.matches());
        return m;
    }

    @Test
    void every_public_api_answer_names_a_server_span_without_a_caller_trace() throws Exception {
        assertEquals(200, send(HttpMethod.GET, HttpApi.HEALTH_LIVE, null, null).statusCode());
        answered(send(HttpMethod.GET, HttpApi.HEALTH_LIVE, null, null));
        answered(send(HttpMethod.GET, "/no/such/path", null, null));
        HttpResponse<Buffer> unsupported = send(HttpMethod.POST, HttpApi.DOCUMENTS_ANALYZE, null, "text/csv");
        assertEquals(415, unsupported.statusCode());
        answered(unsupported);
    }

    @Test
    void a_caller_trace_is_continued_with_the_gateways_own_span_sampled_or_not() throws Exception {
        for (String flags : new String[]{"01", "00"}) {
            HttpResponse<Buffer> r = send(HttpMethod.POST, HttpApi.DOCUMENTS_ANALYZE,
                    "00-" + TRACE_ID + "-" + CALLER_SPAN + "-" + flags, "text/csv");
            var m = answered(r);
            assertEquals(TRACE_ID, m.group(1), "the caller's trace");
            assertNotEquals(CALLER_SPAN, m.group(2), "the gateway's span, not the caller's");
            assertTrue(r.getHeader("traceparent").endsWith("-" + flags), r.getHeader("traceparent"));
        }
    }

    @Test
    void an_answer_the_http_layer_gives_before_routing_names_no_span() throws Exception {
        HttpResponse<Buffer> r = gateway.client.get(HttpApi.HEALTH_LIVE).putHeader("X-Big", "x".repeat(20_000))
                .send().await(10, TimeUnit.SECONDS);
        assertTrue(r.statusCode() == 431 || r.statusCode() == 400, String.valueOf(r.statusCode()));
        assertNull(r.getHeader("traceparent"));
    }
}
