package org.freerpacapture.gateway.kafka;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.adapters.ProviderSafety;
import org.freerpacapture.gateway.config.KafkaSettings;
import org.freerpacapture.gateway.http.ApiException;
import org.freerpacapture.ocr.Deadline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.freerpacapture.gateway.kafka.Fetches.fetched;
import static org.freerpacapture.gateway.kafka.Fetches.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code https://} sources against a real server on loopback, reached over plain http as loopback mode allows: the
 * allow-list and the provider endpoints' rules, redirects, status mapping, the byte limit and the deadline.
 */
@ExtendWith(VertxExtension.class)
class HttpsSourcesTest {

    private static final long MAX_BYTES = 64 * 1024;
    private static final int CHUNK = 4 * 1024;
    private static final Duration BACKOFF = Duration.ofSeconds(2);
    private static final ProviderSafety LOOPBACK = ProviderSafety.defaults().withLoopback(true);

    private Vertx vertx;
    private HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    /** Bytes the endless body had written when its connection closed. */
    private final CompletableFuture<Long> endlessWritten = new CompletableFuture<>();
    private final byte[] document = new byte[100_000];
    private RemoteSources sources;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        this.vertx = vertx;
        new Random(19).nextBytes(document);
        server = vertx.createHttpServer().requestHandler(this::answer).listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        sources = sources(List.of("127.0.0.1"), LOOPBACK);
    }

    @AfterEach
    void stop() throws Exception {
        sources.close();
        server.close().await(10, TimeUnit.SECONDS);
    }

    private RemoteSources sources(List<String> hosts, ProviderSafety safety) {
        KafkaSettings settings = KafkaSettings.OFF.withSourceHosts(hosts).withRetries(5, BACKOFF);
        return new RemoteSources(vertx, settings, safety);
    }

    private void answer(HttpServerRequest request) {
        hits.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
        HttpServerResponse response = request.response();
        switch (request.path()) {
            case "/receipt.pdf" -> response.putHeader("Content-Type", "application/pdf").end(Buffer.buffer(document));
            case "/exactly-max" -> response.end(Buffer.buffer(new byte[(int) MAX_BYTES]));
            case "/empty" -> response.end();
            case "/moved" -> response.setStatusCode(302)
                    .putHeader("Location", "http://127.0.0.1:" + server.actualPort() + "/receipt.pdf?token=s3cr3t")
                    .end();
            case "/busy" -> response.setStatusCode(503).putHeader("Retry-After", "7").end("busy");
            case "/throttled" -> response.setStatusCode(429).end();
            case "/announced-too-large" -> {
                // Says it will send ten times the limit, sends a little and then nothing: only the head can end it.
                response.putHeader("Content-Length", Long.toString(10 * MAX_BYTES))
                        .write(Buffer.buffer(new byte[1024]));
            }
            case "/endless" -> {
                response.setChunked(true);
                AtomicLong written = new AtomicLong();
                // Paced, so what was written when the client hung up is what it had read by then, give or take a
                // chunk in flight.
                long timer = vertx.setPeriodic(10, t -> {
                    if (!response.closed()) {
                        response.write(Buffer.buffer(new byte[CHUNK]));
                        written.addAndGet(CHUNK);
                    }
                });
                request.connection().closeHandler(v -> {
                    vertx.cancelTimer(timer);
                    endlessWritten.complete(written.get());
                });
            }
            case "/silent" -> {
                // Never answers.
            }
            default -> response.setStatusCode(Integer.parseInt(request.path().substring(1))).end("no");
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    private int hitsOf(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    @Test
    void an_allowed_host_is_fetched_with_its_content_type() throws Exception {
        DocumentSources.Fetched f = fetched(sources.fetch(url("/receipt.pdf"), MAX_BYTES * 2, Deadline.after(
                Duration.ofSeconds(10))));

        assertArrayEquals(document, f.bytes());
        assertEquals("application/pdf", f.contentType());
    }

    @Test
    void a_body_of_exactly_max_bytes_is_read_and_an_empty_one_is_unreadable() throws Exception {
        assertEquals(MAX_BYTES, fetched(sources.fetch(url("/exactly-max"), MAX_BYTES, Deadline.after(
                Duration.ofSeconds(10)))).bytes().length);
        ApiException empty = refused(sources.fetch(url("/empty"), MAX_BYTES, Deadline.after(Duration.ofSeconds(10))));
        assertEquals(422, empty.status());
        assertEquals("source_unreadable", empty.code());
    }

    @Test
    void a_host_not_on_the_list_is_refused_without_a_request() throws Exception {
        URI other = URI.create("http://localhost:" + server.actualPort() + "/receipt.pdf");

        ApiException e = refused(sources.fetch(other, MAX_BYTES, Deadline.after(Duration.ofSeconds(10))));

        assertEquals(422, e.status());
        assertEquals("source_not_allowed", e.code());
        assertTrue(e.getMessage().contains("localhost") && e.getMessage().contains("GATEWAY_KAFKA_SOURCE_HOSTS"),
                e.getMessage());
        try (RemoteSources none = sources(List.of(), LOOPBACK)) {
            ApiException empty = refused(none.fetch(url("/receipt.pdf"), MAX_BYTES, Deadline.after(
                    Duration.ofSeconds(10))));
            assertEquals("source_not_allowed", empty.code());
        }
        assertEquals(0, hitsOf("/receipt.pdf"));
    }

    @Test
    void loopback_and_plain_http_need_loopback_allowed_even_for_a_listed_host() throws Exception {
        try (RemoteSources strict = sources(List.of("127.0.0.1", "docs.example.com"), ProviderSafety.defaults())) {
            ApiException loopback = refused(strict.fetch(url("/receipt.pdf"), MAX_BYTES, Deadline.after(
                    Duration.ofSeconds(10))));
            assertEquals("source_not_allowed", loopback.code());
            assertTrue(loopback.getMessage().contains("loopback"), loopback.getMessage());
        }
        try (RemoteSources listed = sources(List.of("docs.example.com"), LOOPBACK)) {
            ApiException http = refused(listed.fetch(URI.create("http://docs.example.com/receipt.pdf"), MAX_BYTES,
                    Deadline.after(Duration.ofSeconds(10))));
            assertEquals("source_not_allowed", http.code());
            assertTrue(http.getMessage().contains("https"), http.getMessage());
        }
        assertEquals(0, hitsOf("/receipt.pdf"));
    }

    @Test
    void metadata_and_link_local_addresses_are_refused_even_listed_in_loopback_mode() throws Exception {
        List<String> everything = List.of("169.254.169.254", "169.254.10.10", "fd00:ec2::254", "2852039166",
                "metadata.google.internal");
        try (RemoteSources listed = sources(everything, LOOPBACK)) {
            for (String url : List.of("http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                    "https://169.254.169.254/latest/api/token", "http://169.254.10.10/", "http://[fd00:ec2::254]/",
                    "http://2852039166/", "http://metadata.google.internal/computeMetadata/v1/")) {
                ApiException e = refused(listed.fetch(URI.create(url), MAX_BYTES, Deadline.after(
                        Duration.ofSeconds(10))));
                assertEquals(422, e.status(), url);
                assertEquals("source_not_allowed", e.code(), url);
            }
        }
    }

    @Test
    void a_redirect_is_not_followed() throws Exception {
        ApiException e = refused(sources.fetch(url("/moved"), MAX_BYTES, Deadline.after(Duration.ofSeconds(10))));

        assertEquals(422, e.status());
        assertEquals("source_unreadable", e.code());
        assertTrue(e.getMessage().contains("302") && e.getMessage().contains("redirect"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), "the target's query is not quoted: " + e.getMessage());
        assertEquals(1, hitsOf("/moved"));
        assertEquals(0, hitsOf("/receipt.pdf"));
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 403, 410, 401, 400})
    void answers_that_will_not_change_are_unreadable(int status) throws Exception {
        ApiException e = refused(sources.fetch(url("/" + status), MAX_BYTES, Deadline.after(Duration.ofSeconds(10))));

        assertEquals(422, e.status());
        assertEquals("source_unreadable", e.code());
        assertTrue(e.getMessage().contains(Integer.toString(status)), e.getMessage());
        assertTrue(e.retryAfter().isEmpty());
    }

    @Test
    void busy_and_throttled_sources_pass_with_a_retry_after() throws Exception {
        ApiException busy = refused(sources.fetch(url("/busy"), MAX_BYTES, Deadline.after(Duration.ofSeconds(10))));
        assertEquals(503, busy.status());
        assertEquals("source_unavailable", busy.code());
        assertEquals(Duration.ofSeconds(7), busy.retryAfter().orElseThrow(), "the source's own Retry-After");

        ApiException throttled = refused(sources.fetch(url("/throttled"), MAX_BYTES, Deadline.after(
                Duration.ofSeconds(10))));
        assertEquals(503, throttled.status());
        assertEquals(BACKOFF, throttled.retryAfter().orElseThrow(), "none given: the retry backoff");
        assertEquals(503, refused(sources.fetch(url("/500"), MAX_BYTES, Deadline.after(Duration.ofSeconds(10))))
                .status());
    }

    @Test
    void a_length_announced_above_the_limit_is_refused_at_the_head() throws Exception {
        long started = System.nanoTime();

        ApiException e = refused(sources.fetch(url("/announced-too-large"), MAX_BYTES, Deadline.after(
                Duration.ofSeconds(20))));

        assertEquals(413, e.status());
        assertEquals("payload_too_large", e.code());
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertTrue(ms < 5_000, "answered at the head, not at the deadline: " + ms + " ms");
    }

    @Test
    void a_chunked_body_past_the_limit_is_cut_off_at_the_chunk_that_passes_it() throws Exception {
        ApiException e = refused(sources.fetch(url("/endless"), MAX_BYTES, Deadline.after(Duration.ofSeconds(20))));

        assertEquals(413, e.status());
        assertEquals("payload_too_large", e.code());
        long written = endlessWritten.get(10, TimeUnit.SECONDS);
        // The 17th chunk passes the limit; a chunk or two more may be on their way when the connection closes.
        assertTrue(written > MAX_BYTES && written <= MAX_BYTES + 3 * CHUNK, "written before the hang-up: " + written);
    }

    @Test
    void a_source_that_never_answers_ends_at_the_deadline() throws Exception {
        long started = System.nanoTime();

        ApiException e = refused(sources.fetch(url("/silent"), MAX_BYTES, Deadline.after(Duration.ofMillis(500))));

        long ms = (System.nanoTime() - started) / 1_000_000;
        assertEquals(503, e.status());
        assertEquals("source_unavailable", e.code());
        assertEquals(BACKOFF, e.retryAfter().orElseThrow());
        assertTrue(ms >= 450 && ms < 3_000, "ended at the deadline: " + ms + " ms");
        ApiException spent = refused(sources.fetch(url("/receipt.pdf"), MAX_BYTES, new Deadline(System.nanoTime())));
        assertEquals(503, spent.status());
    }

    @Test
    void a_port_nobody_listens_on_is_unavailable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        ApiException e = refused(sources.fetch(URI.create("http://127.0.0.1:" + closed + "/receipt.pdf"), MAX_BYTES,
                Deadline.after(Duration.ofSeconds(10))));

        assertEquals(503, e.status());
        assertEquals("source_unavailable", e.code());
    }

    @Test
    void only_sources_the_envelope_takes_are_fetched() throws Exception {
        ApiException e = refused(sources.fetch(URI.create("file:///etc/passwd"), MAX_BYTES, Deadline.after(
                Duration.ofSeconds(10))));
        assertEquals("source_not_allowed", e.code());
        assertNull(DocumentSources.parse("ftp://127.0.0.1/receipt.pdf").orElse(null));
    }
}
