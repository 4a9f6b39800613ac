package org.freerpacapture.adapters.documentai;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.freerpacapture.adapters.resilience.ProviderCallException;
import org.freerpacapture.ocr.ProviderException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DocumentAiFailuresTest {

    private static Buffer error(String status, String message) {
        return Buffer.buffer(new JsonObject().put("error", new JsonObject().put("code", 400).put("status", status)
                .put("message", message)).encode());
    }

    @Test
    void the_services_words_never_reach_the_caller() {
        ProviderCallException e = DocumentAiFailures.forResponse(503,
                error("UNAVAILABLE", "<html>backend 10.2.3.4 down, call +1-555-0100</html>"), null);
        assertEquals(ProviderException.Kind.UNAVAILABLE, e.kind());
        assertEquals("Document AI UNAVAILABLE", e.getMessage());
    }

    @Test
    void a_status_that_is_not_a_plain_token_gives_way_to_the_http_status() {
        ProviderCallException e = DocumentAiFailures.forResponse(502, error("BAD GATEWAY <b>", "proxy"), null);
        assertEquals("provider failed (HTTP 502): Document AI HTTP 502", e.getMessage());
    }
}
