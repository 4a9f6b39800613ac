package org.freerpacapture.gateway.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.ScriptedProvider;
import org.freerpacapture.ocr.ProviderException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request log: one JSON line per request, whatever happened, and never a secret or a word of the document. */
class RequestLogTest {

    static final String BEARER = "sk-live-7f3a9c1e5b";
    static final String API_KEY = "ak-51d2e8c4f0";
    static final String COOKIE = "session=c0ffee15ecret";
    /** Words the scripted provider reads from every page. */
    static final List<String> DOCUMENT_TEXT = List.of("TAN WOON YANN", "WOON", "TOTAL RM 9.00", "RM 9.00");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void every_request_gets_one_json_line_and_no_line_carries_document_text_or_secrets() throws Exception {
        Spans spans = new Spans();
        ScriptedProvider provider = new ScriptedProvider();
        String logged;
        try (CapturedLogs logs = new CapturedLogs();
             ObservedGateway gateway = ObservedGateway.start(Observability.of(Telemetry.of(spans.sdk),
                     ProviderPrices.NONE), setup -> new org.freerpacapture.gateway.execute.SingleProviderExecutor(
                     provider, setup.hooks()))) {
            assertEquals(200, send(gateway, "ok-1", "image/png").statusCode());
            provider.failWith(new ProviderException(ProviderException.Kind.UNAVAILABLE, provider.id(),
                    "the provider is down"));
            assertEquals(503, send(gateway, "down-1", "image/png").statusCode());
            provider.failWith(new IllegalStateException("an engine bug"));
            assertEquals(500, send(gateway, "boom-1", "image/png").statusCode());
            assertEquals(415, send(gateway, "odd-1", "text/plain").statusCode());
            awaitLines(logs, 4);
            logged = logs.text();
        }

        Map<String, JsonNode> byRequest = new HashMap<>();
        for (String line : logged.split("\n")) {
            JsonNode node = JSON.readTree(line);
            assertNotNull(node.get("timestamp"), line);
            assertNotNull(node.get("level"), line);
            if (RequestLog.LOGGER.equals(node.path("loggerName").asText())) {
                Map<String, JsonNode> fields = fields(node);
                byRequest.put(fields.get("requestId").asText(), node);
                for (String field : List.of("traceId", "path", "tenant", "route", "variant", "provider", "status",
                        "outcome", "durationMs", "pages", "bytesIn")) {
                    assertTrue(fields.containsKey(field), field + " in " + line);
                }
            }
        }
        assertEquals(4, byRequest.size(), logged);
        Map<String, JsonNode> ok = fields(byRequest.get("ok-1"));
        assertEquals(200, ok.get("status").asInt());
        assertEquals("ok", ok.get("outcome").asText());
        assertEquals("default", ok.get("route").asText());
        assertEquals("default", ok.get("tenant").asText(), "callers not authenticated: the default tenant");
        assertEquals(ScriptedProvider.INFO.id(), ok.get("provider").asText());
        assertEquals(1, ok.get("pages").asInt());
        assertEquals(Fixtures.receiptPng().length, ok.get("bytesIn").asLong());
        assertEquals(32, ok.get("traceId").asText().length());
        assertEquals("provider_unavailable", fields(byRequest.get("down-1")).get("outcome").asText());
        assertEquals(500, fields(byRequest.get("boom-1")).get("status").asInt());
        assertEquals("unsupported_media_type", fields(byRequest.get("odd-1")).get("outcome").asText());

        for (String secret : List.of(BEARER, API_KEY, COOKIE, "c0ffee15ecret")) {
            assertFalse(logged.contains(secret), "a secret reached the log: " + secret);
        }
        for (String text : DOCUMENT_TEXT) {
            assertFalse(logged.contains(text), "document text reached the log: " + text);
        }
    }

    private static io.vertx.ext.web.client.HttpResponse<Buffer> send(ObservedGateway gateway, String requestId,
                                                                     String contentType) throws Exception {
        HttpRequest<Buffer> request = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE)
                .putHeader("Content-Type", contentType)
                .putHeader("X-Request-Id", requestId)
                .putHeader("Authorization", "Bearer " + BEARER)
                .putHeader("X-Api-Key", API_KEY)
                .putHeader("Cookie", COOKIE);
        return request.sendBuffer(Buffer.buffer(Fixtures.receiptPng())).await(20, TimeUnit.SECONDS);
    }

    /** The key-value pairs of a line: logback writes them as a list of one-entry objects. */
    static Map<String, JsonNode> fields(JsonNode line) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode pair : line.path("kvpList")) {
            pair.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The closing step runs as the response ends, possibly just after the client saw it. */
    private static void awaitLines(CapturedLogs logs, int requests) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (count(logs.text()) < requests && System.nanoTime() < until) {
            synchronized (logs) {
                logs.wait(20);
            }
        }
    }

    private static int count(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        lines.removeIf(l -> !l.contains("\"" + RequestLog.LOGGER + "\""));
        return lines.size();
    }
}
