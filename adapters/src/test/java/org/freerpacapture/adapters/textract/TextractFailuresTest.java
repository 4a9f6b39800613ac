package org.freerpacapture.adapters.textract;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.freerpacapture.adapters.resilience.ProviderCallException;
import org.freerpacapture.ocr.ProviderException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextractFailuresTest {

    private static Buffer error(String type, String message) {
        return new JsonObject().put("__type", type).put("Message", message).toBuffer();
    }

    @Test
    void the_error_code_is_read_as_aws_sdks_read_it() {
        JsonObject none = new JsonObject();
        assertEquals("ThrottlingException", TextractFailures.errorCode(
                "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/", none));
        assertEquals("InvalidParameterException", TextractFailures.errorCode(null,
                new JsonObject().put("__type", "com.amazonaws.textract#InvalidParameterException")));
        assertEquals("AccessDeniedException", TextractFailures.errorCode("",
                new JsonObject().put("code", "AccessDeniedException")));
        assertEquals("ExpiredTokenException", TextractFailures.errorCode("ExpiredTokenException",
                new JsonObject().put("__type", "InvalidParameterException")), "the header comes first");
        assertNull(TextractFailures.errorCode(null, none));
    }

    @Test
    void answers_are_classified_by_code_and_status() {
        ProviderCallException throttled = TextractFailures.forAnswer(400,
                error("ProvisionedThroughputExceededException", "Rate exceeded"), null, "3");
        assertEquals(ProviderException.Kind.THROTTLED, throttled.kind());
        assertEquals(Duration.ofSeconds(3), throttled.retryAfter().orElseThrow());

        assertEquals(ProviderException.Kind.THROTTLED,
                TextractFailures.forAnswer(429, Buffer.buffer(), null, null).kind(), "429 with no body");

        ProviderCallException rejected = TextractFailures.forAnswer(400,
                error("UnsupportedDocumentException", "Request has unsupported document format"), null, null);
        assertEquals(ProviderException.Kind.REJECTED, rejected.kind());
        assertEquals("Textract UnsupportedDocumentException: the service refused the document",
                rejected.getMessage());

        ProviderCallException keys = TextractFailures.forAnswer(400,
                error("UnrecognizedClientException", "The security token included in the request is invalid."),
                null, null);
        assertEquals(ProviderException.Kind.UNAVAILABLE, keys.kind());
        assertFalse(keys.retryable(), "no retry mends a wrong key");

        ProviderCallException proxy = TextractFailures.forAnswer(502,
                Buffer.buffer("<html>Bad Gateway</html>"), null, null);
        assertEquals(ProviderException.Kind.UNAVAILABLE, proxy.kind());
        assertTrue(proxy.retryable());
    }

    @Test
    void the_regional_endpoint_takes_the_partitions_domain() {
        assertEquals(URI.create("https://textract.eu-west-1.amazonaws.com"),
                TextractProvider.regionalEndpoint("eu-west-1"));
        assertEquals(URI.create("https://textract.cn-north-1.amazonaws.com.cn"),
                TextractProvider.regionalEndpoint("cn-north-1"));
    }
}
