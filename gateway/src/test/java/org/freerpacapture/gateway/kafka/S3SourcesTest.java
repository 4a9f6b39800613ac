package org.freerpacapture.gateway.kafka;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.adapters.ProviderSafety;
import org.freerpacapture.fakes.s3.S3Fake;
import org.freerpacapture.fakes.s3.S3Get;
import org.freerpacapture.gateway.config.KafkaSettings;
import org.freerpacapture.gateway.http.ApiException;
import org.freerpacapture.ocr.Deadline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.freerpacapture.gateway.kafka.Fetches.fetched;
import static org.freerpacapture.gateway.kafka.Fetches.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code s3://} sources against a loopback S3 that checks every request's SigV4 signature: the object and its type,
 * keys that need encoding, S3's error codes, the byte limit, the deadline, and the SDK's default chains.
 */
@ExtendWith(VertxExtension.class)
class S3SourcesTest {

    private static final String ACCESS_KEY = "AKIATESTFAKE0000S3";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYS3SECRET99";
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final long MAX_BYTES = 1024 * 1024;
    private static final Duration BACKOFF = Duration.ofSeconds(2);
    private static final ProviderSafety LOOPBACK = ProviderSafety.defaults().withLoopback(true);

    private Vertx vertx;
    private S3Fake s3;
    private RemoteSources sources;
    private final byte[] receipt = new byte[200_000];

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        this.vertx = vertx;
        new Random(3).nextBytes(receipt);
        s3 = S3Fake.start(vertx).await(10, TimeUnit.SECONDS).acceptKey(ACCESS_KEY, SECRET_KEY);
        sources = sources(SECRET_KEY);
    }

    @AfterEach
    void stop() throws Exception {
        sources.close();
        s3.stop().await(10, TimeUnit.SECONDS);
    }

    private KafkaSettings settings() {
        return KafkaSettings.OFF.withS3Endpoint(s3.endpoint()).withRetries(5, BACKOFF);
    }

    private RemoteSources sources(String secret) {
        return new RemoteSources(vertx, settings(), LOOPBACK,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secret)),
                () -> Region.of(s3.region()));
    }

    private ApiException refusal(String source) throws Exception {
        return refused(sources.fetch(URI.create(source), MAX_BYTES, tenSeconds()));
    }

    private static Deadline tenSeconds() {
        return Deadline.after(Duration.ofSeconds(10));
    }

    @Test
    void an_object_is_read_with_a_signature_s3_verifies() throws Exception {
        s3.put("invoices", "2026/12/receipt.pdf", receipt, "application/pdf");

        DocumentSources.Fetched f = fetched(sources.fetch(URI.create("s3://invoices/2026/12/receipt.pdf"),
                MAX_BYTES, tenSeconds()));

        assertArrayEquals(receipt, f.bytes());
        assertEquals("application/pdf", f.contentType());
        S3Get get = s3.gets().get(0);
        assertEquals("/invoices/2026/12/receipt.pdf", get.rawPath(), "path-style on an endpoint override");
        assertEquals(ACCESS_KEY, get.accessKeyId());
        assertEquals("us-east-1", get.region());
        assertEquals(EMPTY_SHA256, get.payloadHash(), "a GET signs the empty body");
        assertTrue(get.signedHeaders().containsAll(List.of("host", "x-amz-content-sha256", "x-amz-date")),
                get.signedHeaders().toString());
    }

    @Test
    void keys_that_need_encoding_are_signed_as_sent() throws Exception {
        String key = "scans/März 2026/a+b (1)~é.pdf";
        s3.put("scans", key, receipt, "application/pdf");

        DocumentSources.Fetched f = fetched(sources.fetch(
                URI.create("s3://scans/scans/M%C3%A4rz%202026/a+b%20(1)~%C3%A9.pdf"), MAX_BYTES, tenSeconds()));

        assertArrayEquals(receipt, f.bytes());
        assertEquals("/scans/scans/M%C3%A4rz%202026/a%2Bb%20%281%29~%C3%A9.pdf", s3.gets().get(0).rawPath());
        assertEquals(key, s3.gets().get(0).key());
    }

    @Test
    void temporary_credentials_send_their_session_token() throws Exception {
        s3.put("invoices", "a.png", receipt, "image/png");
        try (RemoteSources session = new RemoteSources(vertx, settings(), LOOPBACK,
                StaticCredentialsProvider.create(AwsSessionCredentials.create(ACCESS_KEY, SECRET_KEY, "token-1")),
                () -> Region.of(s3.region()))) {
            fetched(session.fetch(URI.create("s3://invoices/a.png"), MAX_BYTES, tenSeconds()));
        }

        assertEquals("token-1", s3.gets().get(0).sessionToken());
    }

    @Test
    void missing_and_forbidden_objects_are_unreadable() throws Exception {
        s3.put("invoices", "a.pdf", receipt, "application/pdf").deny("secrets");

        for (String[] c : new String[][]{{"s3://invoices/b.pdf", "NoSuchKey"}, {"s3://nobucket/a.pdf", "NoSuchBucket"},
                {"s3://secrets/a.pdf", "AccessDenied"}}) {
            ApiException e = refusal(c[0]);
            assertEquals(422, e.status(), c[0]);
            assertEquals("source_unreadable", e.code(), c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains(c[0]), e.getMessage());
        }
    }

    @Test
    void a_signature_s3_does_not_recognise_is_unreadable() throws Exception {
        s3.put("invoices", "a.pdf", receipt, "application/pdf");
        try (RemoteSources wrong = sources("not-the-secret")) {
            ApiException e = refused(wrong.fetch(URI.create("s3://invoices/a.pdf"), MAX_BYTES, tenSeconds()));

            assertEquals(422, e.status());
            assertTrue(e.getMessage().contains("SignatureDoesNotMatch"), e.getMessage());
        }
    }

    @Test
    void throttling_s3_failures_and_dropped_connections_pass() throws Exception {
        s3.put("invoices", "a.pdf", receipt, "application/pdf");
        s3.faults().throttleNext(1, Duration.ofSeconds(3)).failNext(1).dropNext(1).malformedNext(1);

        ApiException slowDown = refusal("s3://invoices/a.pdf");
        assertEquals(503, slowDown.status());
        assertEquals("source_unavailable", slowDown.code());
        assertTrue(slowDown.getMessage().contains("SlowDown"), slowDown.getMessage());
        assertEquals(Duration.ofSeconds(3), slowDown.retryAfter().orElseThrow());
        ApiException internal = refusal("s3://invoices/a.pdf");
        assertEquals(503, internal.status());
        assertEquals(BACKOFF, internal.retryAfter().orElseThrow());
        assertEquals(503, refusal("s3://invoices/a.pdf").status(), "a dropped connection");
        assertEquals(503, refusal("s3://invoices/a.pdf").status(), "a proxy's 500 page");
        assertArrayEquals(receipt, fetched(sources.fetch(URI.create("s3://invoices/a.pdf"), MAX_BYTES,
                tenSeconds())).bytes(), "and then it is read");
    }

    @Test
    void expired_session_credentials_pass() throws Exception {
        s3.faults().errorNext(400, "ExpiredToken", "The provided token has expired.");

        ApiException e = refusal("s3://invoices/a.pdf");

        assertEquals(503, e.status());
        assertTrue(e.getMessage().contains("ExpiredToken"), e.getMessage());
    }

    @Test
    void a_bucket_in_another_region_is_named() throws Exception {
        s3.put("eu-invoices", "a.pdf", receipt, "application/pdf").inRegion("eu-invoices", "eu-west-1");

        ApiException e = refusal("s3://eu-invoices/a.pdf");

        assertEquals(422, e.status());
        assertTrue(e.getMessage().contains("eu-west-1") && e.getMessage().contains("us-east-1"), e.getMessage());
    }

    @Test
    void an_object_larger_than_allowed_is_refused_at_its_length() throws Exception {
        s3.put("invoices", "big.tiff", new byte[(int) MAX_BYTES + 1], "image/tiff");

        ApiException e = refusal("s3://invoices/big.tiff");

        assertEquals(413, e.status());
        assertEquals("payload_too_large", e.code());
    }

    @Test
    void a_slow_s3_ends_at_the_deadline() throws Exception {
        s3.put("invoices", "a.pdf", receipt, "application/pdf");
        s3.faults().latency(Duration.ofSeconds(5));
        long started = System.nanoTime();

        ApiException e = refused(sources.fetch(URI.create("s3://invoices/a.pdf"), MAX_BYTES,
                Deadline.after(Duration.ofMillis(400))));

        long ms = (System.nanoTime() - started) / 1_000_000;
        assertEquals(503, e.status());
        assertEquals("source_unavailable", e.code());
        assertTrue(ms < 3_000, "ended at the deadline: " + ms + " ms");
    }

    @Test
    void names_s3_would_refuse_are_unreadable_without_a_request() throws Exception {
        assertEquals(422, refusal("s3://ab/a.pdf").status(), "a name too short");
        assertEquals(422, refusal("s3://Invoices/a.pdf").status(), "upper case");
        assertEquals(422, refusal("s3://invoices/a.pdf?versionId=1").status(), "a query");
        assertTrue(s3.gets().isEmpty());
    }

    @Test
    void the_sdks_default_chains_give_the_keys_and_the_region() throws Exception {
        s3.put("invoices", "a.pdf", receipt, "application/pdf");
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        System.setProperty("aws.region", "us-east-1");
        try (RemoteSources chained = new RemoteSources(vertx, settings(), LOOPBACK)) {
            assertArrayEquals(receipt, fetched(chained.fetch(URI.create("s3://invoices/a.pdf"), MAX_BYTES,
                    tenSeconds())).bytes());
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            System.clearProperty("aws.region");
        }
        assertEquals(ACCESS_KEY, s3.gets().get(0).accessKeyId());
    }

    @Test
    void an_endpoint_override_is_held_to_the_provider_endpoints_rules() {
        assertThrows(IllegalArgumentException.class, () -> new RemoteSources(vertx, settings(),
                ProviderSafety.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new RemoteSources(vertx,
                KafkaSettings.OFF.withS3Endpoint(URI.create("http://169.254.169.254")), LOOPBACK));
    }

    @Test
    void objects_on_aws_are_addressed_virtual_hosted_and_elsewhere_path_style() {
        assertEquals(URI.create("https://invoices.s3.eu-west-1.amazonaws.com/2026/a%20b.pdf"),
                S3Sources.objectUrl(Optional.empty(), "eu-west-1", "invoices", "2026/a b.pdf"));
        assertEquals(URI.create("https://s3.eu-west-1.amazonaws.com/invoices.example.com/a.pdf"),
                S3Sources.objectUrl(Optional.empty(), "eu-west-1", "invoices.example.com", "a.pdf"),
                "a dotted name would not match AWS's wildcard certificate");
        assertEquals(URI.create("https://invoices.s3.cn-north-1.amazonaws.com.cn/a.pdf"),
                S3Sources.objectUrl(Optional.empty(), "cn-north-1", "invoices", "a.pdf"));
        assertEquals(URI.create("https://minio.internal:9000/store/invoices/a.pdf"),
                S3Sources.objectUrl(Optional.of(URI.create("https://minio.internal:9000/store/")), "us-east-1",
                        "invoices", "a.pdf"));
    }
}
