package org.freerpacapture.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.GatedReader;
import org.freerpacapture.gateway.support.RunningGateway;
import org.freerpacapture.gateway.support.ScriptedProvider;
import org.freerpacapture.ocr.ProviderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a request can fail answers with JSON {"error":{"code","message"}}, the right status and headers. */
@ExtendWith(VertxExtension.class)
class ErrorResponsesTest {

    private final ScriptedProvider provider = new ScriptedProvider();
    private final GatedReader reader = GatedReader.real();
    private RunningGateway gateway;

    @AfterEach
    void stop() throws Exception {
        reader.release();
        if (gateway != null) {
            gateway.close();
        }
    }

    private RunningGateway start(Vertx vertx, GatewayConfig config) throws Exception {
        gateway = RunningGateway.start(vertx, config, provider, reader);
        return gateway;
    }

    private RunningGateway start(Vertx vertx) throws Exception {
        return start(vertx, RunningGateway.loopbackConfig());
    }

    private HttpResponse<Buffer> postRaw(String contentType, byte[] body) throws Exception {
        return gateway.client.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", contentType)
                .sendBuffer(Buffer.buffer(body)).await(10, TimeUnit.SECONDS);
    }

    /** A receipt posted as a screenshot with the given query. */
    private HttpResponse<Buffer> postScreen(String query) throws Exception {
        return gateway.client.post(HttpApi.SCREENS_ANALYZE + query).putHeader("Content-Type", "image/jpeg")
                .sendBuffer(Buffer.buffer(Fixtures.receiptJpeg())).await(10, TimeUnit.SECONDS);
    }

    private static JsonObject error(HttpResponse<Buffer> r) {
        assertTrue(r.getHeader("Content-Type").startsWith("application/json"), r.getHeader("Content-Type"));
        assertNotNull(r.getHeader("X-Request-Id"));
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertNotNull(error, r.bodyAsString());
        assertFalse(error.getString("message").isBlank());
        return error;
    }

    @Test
    void unsupported_content_type_is_415(Vertx vertx) throws Exception {
        start(vertx);
        HttpResponse<Buffer> r = postRaw("text/plain", "hello".getBytes());

        assertEquals(415, r.statusCode());
        assertEquals("unsupported_media_type", error(r).getString("code"));
    }

    @Test
    void a_file_sent_form_encoded_as_plain_curl_data_binary_does_is_415_and_says_what_to_send(Vertx vertx)
            throws Exception {
        start(vertx);
        byte[] jpeg = Fixtures.receiptJpeg();
        HttpResponse<Buffer> r = postRaw("application/x-www-form-urlencoded", jpeg);
        assertEquals(415, r.statusCode(), r.bodyAsString());
        assertEquals("unsupported_media_type", error(r).getString("code"));
        assertTrue(error(r).getString("message").contains("Content-Type"), r.bodyAsString());
    }

    @Test
    void undeclared_bytes_that_are_no_known_format_are_415(Vertx vertx) throws Exception {
        start(vertx);
        HttpResponse<Buffer> r = postRaw("application/octet-stream", "plain words".getBytes());

        assertEquals(415, r.statusCode());
        assertEquals("unsupported_media_type", error(r).getString("code"));
    }

    @Test
    void empty_body_is_400(Vertx vertx) throws Exception {
        start(vertx);
        HttpResponse<Buffer> r = postRaw("image/jpeg", new byte[0]);

        assertEquals(400, r.statusCode());
        assertEquals("empty_body", error(r).getString("code"));
    }

    @Test
    void body_over_the_byte_limit_is_413_json(Vertx vertx) throws Exception {
        GatewayConfig config = RunningGateway.loopbackConfig();
        start(vertx, config.withLimits(new GatewayConfig.Limits(1000, 40_000_000, 50, 200)));

        HttpResponse<Buffer> r = postRaw("image/jpeg", Fixtures.receiptJpeg());

        assertEquals(413, r.statusCode());
        assertEquals("payload_too_large", error(r).getString("code"));
    }

    @Test
    void body_far_over_the_limit_is_refused_by_the_body_handler_with_413_json(Vertx vertx) throws Exception {
        GatewayConfig config = RunningGateway.loopbackConfig();
        start(vertx, config.withLimits(new GatewayConfig.Limits(1000, 40_000_000, 50, 200)));
        byte[] big = new byte[(int) (HttpApi.MULTIPART_SLACK + 100_000)];
        big[0] = (byte) 0xFF;

        HttpResponse<Buffer> r = postRaw("image/jpeg", big);

        assertEquals(413, r.statusCode());
        assertEquals("payload_too_large", error(r).getString("code"));
    }

    @Test
    void multipart_file_over_the_byte_limit_is_413_json(Vertx vertx) throws Exception {
        GatewayConfig config = RunningGateway.loopbackConfig();
        // The file is over the limit, the whole body still within limit + multipart slack.
        int limit = Fixtures.receiptJpeg().length - 10;
        start(vertx, config.withLimits(new GatewayConfig.Limits(limit, 40_000_000, 50, 200)));
        MultipartForm form = MultipartForm.create()
                .binaryFileUpload("file", "000.jpg", Buffer.buffer(Fixtures.receiptJpeg()), "image/jpeg");

        HttpResponse<Buffer> r = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE).sendMultipartForm(form)
                .await(10, TimeUnit.SECONDS);

        assertEquals(413, r.statusCode());
        assertEquals("payload_too_large", error(r).getString("code"));
    }

    @Test
    void multipart_without_a_file_part_is_400(Vertx vertx) throws Exception {
        start(vertx);
        MultipartForm form = MultipartForm.create()
                .binaryFileUpload("document", "000.jpg", Buffer.buffer(Fixtures.receiptJpeg()), "image/jpeg");

        HttpResponse<Buffer> r = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE).sendMultipartForm(form)
                .await(10, TimeUnit.SECONDS);

        assertEquals(400, r.statusCode());
        assertEquals("missing_file", error(r).getString("code"));
    }

    @Test
    void unknown_feature_is_400(Vertx vertx) throws Exception {
        start(vertx);
        HttpResponse<Buffer> r = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE + "?features=forms,handwriting")
                .putHeader("Content-Type", "image/jpeg").sendBuffer(Buffer.buffer(Fixtures.receiptJpeg()))
                .await(10, TimeUnit.SECONDS);

        assertEquals(400, r.statusCode());
        JsonObject error = error(r);
        assertEquals("unknown_feature", error.getString("code"));
        assertTrue(error.getString("message").contains("handwriting"));
    }

    @Test
    void malformed_page_selection_is_400_before_decoding(Vertx vertx) throws Exception {
        start(vertx);
        reader.hold();
        HttpResponse<Buffer> r = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE + "?pages=3-1,x")
                .putHeader("Content-Type", "application/pdf").sendBuffer(Buffer.buffer(Fixtures.receiptPdf()))
                .await(10, TimeUnit.SECONDS);

        assertEquals(400, r.statusCode());
        assertEquals("invalid_pages", error(r).getString("code"));
    }

    @Test
    void bytes_that_are_not_the_declared_image_are_400_from_the_decoder(Vertx vertx) throws Exception {
        start(vertx);
        HttpResponse<Buffer> r = postRaw("image/jpeg", "definitely not a jpeg".getBytes());

        assertEquals(400, r.statusCode());
        assertEquals("undecodable_image", error(r).getString("code"));
    }

    @Test
    void bad_min_score_is_400(Vertx vertx) throws Exception {
        start(vertx);
        HttpResponse<Buffer> r = postScreen("?find=OK&minScore=2");

        assertEquals(400, r.statusCode());
        assertEquals("invalid_parameter", error(r).getString("code"));
    }

    @Test
    void unknown_target_is_400_naming_the_known_ones(Vertx vertx) throws Exception {
        start(vertx);
        HttpResponse<Buffer> r = postScreen("?find=Vendor&target=slider");

        assertEquals(400, r.statusCode());
        assertEquals("unknown_target", error(r).getString("code"));
        assertEquals("unknown target 'slider'; known: input, button, checkbox, dropdown",
                error(r).getString("message"));
    }

    @Test
    void unknown_route_is_404(Vertx vertx) throws Exception {
        start(vertx);
        HttpResponse<Buffer> r = gateway.client.get("/v1/nothing-here").send().await(10, TimeUnit.SECONDS);

        assertEquals(404, r.statusCode());
        assertEquals("not_found", error(r).getString("code"));
    }

    @Test
    void wrong_method_is_405(Vertx vertx) throws Exception {
        start(vertx);
        HttpResponse<Buffer> r = gateway.client.request(HttpMethod.GET, HttpApi.DOCUMENTS_ANALYZE).send()
                .await(10, TimeUnit.SECONDS);

        assertEquals(405, r.statusCode());
        assertEquals("method_not_allowed", error(r).getString("code"));
    }

    @Test
    void provider_overload_is_503_with_retry_after(Vertx vertx) throws Exception {
        start(vertx);
        provider.failWith(new ProviderException(ProviderException.Kind.OVERLOADED, "test:scripted",
                "inference queue is full", Duration.ofSeconds(2), null));

        HttpResponse<Buffer> r = postRaw("image/jpeg", Fixtures.receiptJpeg());

        assertEquals(503, r.statusCode());
        assertEquals("overloaded", error(r).getString("code"));
        assertEquals("2", r.getHeader("Retry-After"));
    }

    @Test
    void provider_throttling_is_429_with_retry_after(Vertx vertx) throws Exception {
        start(vertx);
        provider.failWith(new ProviderException(ProviderException.Kind.THROTTLED, "test:scripted", "slow down"));

        HttpResponse<Buffer> r = postRaw("image/jpeg", Fixtures.receiptJpeg());

        assertEquals(429, r.statusCode());
        assertEquals("provider_throttled", error(r).getString("code"));
        assertEquals("1", r.getHeader("Retry-After"));
    }

    @Test
    void provider_rejection_is_422_without_retry_after(Vertx vertx) throws Exception {
        start(vertx);
        provider.failWith(new ProviderException(ProviderException.Kind.REJECTED, "test:scripted", "too small"));

        HttpResponse<Buffer> r = postRaw("image/jpeg", Fixtures.receiptJpeg());

        assertEquals(422, r.statusCode());
        assertEquals("provider_rejected", error(r).getString("code"));
        assertEquals(null, r.getHeader("Retry-After"));
    }

    @Test
    void full_decode_queue_refuses_at_once_with_503_and_retry_after(Vertx vertx) throws Exception {
        GatewayConfig config = RunningGateway.loopbackConfig();
        start(vertx, config.withPools(new GatewayConfig.Pools(1, 1, 1, 0)));
        reader.hold();
        var first = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/jpeg")
                .sendBuffer(Buffer.buffer(Fixtures.receiptJpeg()));
        assertTrue(reader.awaitEntered(), "the first request holds the only decode thread");

        HttpResponse<Buffer> second = postRaw("image/jpeg", Fixtures.receiptJpeg());

        assertEquals(503, second.statusCode());
        assertEquals("overloaded", error(second).getString("code"));
        assertEquals("1", second.getHeader("Retry-After"));
        reader.release();
        assertEquals(200, first.await(10, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void spent_deadline_is_504(Vertx vertx) throws Exception {
        start(vertx, RunningGateway.loopbackConfig().withRequestTimeout(Duration.ofMillis(300)));
        provider.hang();

        HttpResponse<Buffer> r = postRaw("image/jpeg", Fixtures.receiptJpeg());

        assertEquals(504, r.statusCode());
        assertEquals("timeout", error(r).getString("code"));
    }

    @Test
    void unexpected_failure_is_500_with_a_generic_message(Vertx vertx) throws Exception {
        start(vertx);
        provider.failWith(new IllegalStateException("tensor shape [1,3,0,0] is secret detail"));

        HttpResponse<Buffer> r = postRaw("image/jpeg", Fixtures.receiptJpeg());

        assertEquals(500, r.statusCode());
        JsonObject error = error(r);
        assertEquals("internal_error", error.getString("code"));
        assertFalse(error.getString("message").contains("tensor"));
        assertTrue(error.getString("message").contains(r.getHeader("X-Request-Id")), error.getString("message"));
    }

    @Test
    void a_request_id_is_echoed_on_errors_too(Vertx vertx) throws Exception {
        start(vertx);
        HttpResponse<Buffer> r = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE)
                .putHeader("Content-Type", "text/plain").putHeader("X-Request-Id", "abc-123")
                .sendBuffer(Buffer.buffer("x")).await(10, TimeUnit.SECONDS);

        assertEquals(415, r.statusCode());
        assertEquals("abc-123", r.getHeader("X-Request-Id"));
    }
}
