package org.freerpacapture.adapters.textract;

import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;
import org.freerpacapture.adapters.CapturedLogs;
import org.freerpacapture.adapters.CloudTestDocuments;
import org.freerpacapture.adapters.FakeSafety;
import org.freerpacapture.adapters.ProviderFactory;
import org.freerpacapture.adapters.resilience.ProviderCallException;
import org.freerpacapture.adapters.resilience.ResilienceOptions;
import org.freerpacapture.adapters.resilience.ResilientProvider;
import org.freerpacapture.fakes.SamplePage;
import org.freerpacapture.fakes.textract.TextractCall;
import org.freerpacapture.fakes.textract.TextractFake;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.Feature;
import org.freerpacapture.ocr.KeyValuePair;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.ProviderException;
import org.freerpacapture.ocr.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.freerpacapture.adapters.CloudTestDocuments.pdf;
import static org.freerpacapture.adapters.CloudTestDocuments.png;
import static org.freerpacapture.adapters.CloudTestDocuments.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextractProviderTest {

    private static final String ACCESS_KEY = "AKIATESTFAKE0000001";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY99";

    private Vertx vertx;
    private TextractFake fake;
    private TextractProvider provider;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        fake = TextractFake.start(vertx).await().acceptKey(ACCESS_KEY, SECRET_KEY);
        provider = provider(fake.region());
    }

    @AfterEach
    void stop() {
        provider.close();
        vertx.close().await();
    }

    private TextractProvider provider(String region) {
        return new TextractProvider(vertx, "textract:test", TextractConfig.of(region).withEndpoint(fake.endpoint()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
    }

    private static OcrResult await(CompletionStage<OcrResult> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletionStage<OcrResult> stage) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(20, TimeUnit.SECONDS));
        return e.getCause();
    }

    private ProviderCallException callFailure(Document document) {
        return assertInstanceOf(ProviderCallException.class, failure(provider.analyze(request(document))));
    }

    @Test
    void a_png_is_sent_as_is_to_detect_document_text_and_read_back_in_pixels() throws Exception {
        fake.pages(List.of(SamplePage.ofLines("Hello World", "Second line here")));
        Document document = png(400, 100);

        OcrResult result = await(provider.analyze(request(document)));

        TextractCall call = fake.calls().get(0);
        assertEquals("Textract.DetectDocumentText", call.target());
        assertEquals(document.bytes().length, call.documentBytes());
        assertEquals(ACCESS_KEY, call.accessKeyId());
        assertEquals("us-east-1", call.region());
        assertEquals("DetectDocumentText", result.provider().model());
        assertEquals("Hello World\nSecond line here", result.content());
        Page page = result.pages().get(0);
        assertEquals(400, page.width());
        Line hello = page.lines().get(0);
        assertEquals(List.of("Hello", "World"), hello.words().stream().map(w -> w.text()).toList());
        assertEquals(0.991, hello.confidence(), 1e-4);
        // The fake puts the first line at 5% from the left and top of the page.
        assertEquals(20, hello.polygon().minX(), 0.01);
        assertEquals(5, hello.polygon().minY(), 0.01);
        assertTrue(hello.words().get(1).polygon().minX() > hello.words().get(0).polygon().maxX());
        assertTrue(result.timingsMs().get("provider") > 0);
    }

    @Test
    void a_page_sized_from_its_header_goes_as_the_callers_bytes_and_is_never_decoded() throws Exception {
        fake.pages(List.of(SamplePage.ofLines("Hello World")));
        byte[] jpeg = CloudTestDocuments.jpegBytes(png(400, 100).pages().get(0).image());
        PageImage sized = PageImage.decodedOnDemand(1, 400, 100, () -> {
            throw new AssertionError("a cloud provider must not decode the page");
        });
        Document document = new Document(jpeg, "image/jpeg", List.of(sized));

        OcrResult result = await(provider.analyze(request(document)));

        TextractCall call = fake.calls().get(0);
        assertEquals(TextractFake.sha256(jpeg), call.documentSha256(), "the caller's bytes, unchanged");
        Line hello = result.pages().get(0).lines().get(0);
        assertEquals(400, result.pages().get(0).width());
        assertEquals(20, hello.polygon().minX(), 0.01, "ratios become pixels of the header's size");
        assertEquals(5, hello.polygon().minY(), 0.01);
    }

    @Test
    void a_pdf_is_sent_one_rendered_png_page_per_call_in_page_order() throws Exception {
        fake.pages(List.of(SamplePage.ofLines("first page"), SamplePage.ofLines("second page")));
        Document document = pdf(2, 300, 200);

        OcrResult result = await(provider.analyze(request(document)));

        assertEquals(2, fake.calls().size());
        assertTrue(fake.calls().stream().allMatch(c -> c.documentBytes() > 100), "rendered PNGs are sent");
        assertEquals(List.of(1, 2), result.pages().stream().map(Page::pageNumber).toList());
        assertEquals(List.of(300, 310), result.pages().stream().map(Page::width).toList());
        assertEquals("first page\n\nsecond page", result.content());
        assertEquals(310 * 0.05, result.pages().get(1).lines().get(0).polygon().minX(), 0.01);
    }

    @Test
    void forms_and_tables_go_to_analyze_document_and_come_back_as_pairs_and_cells() throws Exception {
        fake.pages(List.of(SamplePage.receipt()));

        OcrResult result = await(provider.analyze(request(png(600, 800), Feature.FORMS, Feature.TABLES)));

        TextractCall call = fake.calls().get(0);
        assertEquals("Textract.AnalyzeDocument", call.target());
        assertEquals(List.of("FORMS", "TABLES"), call.featureTypes());
        assertEquals("AnalyzeDocument", result.provider().model());
        Page page = result.pages().get(0);
        assertEquals(List.of("Invoice No:=INV-0042", "Date:=2024-03-01"), page.keyValuePairs().stream()
                .map(p -> p.key().text() + "=" + p.value().text()).toList());
        KeyValuePair invoice = page.keyValuePairs().get(0);
        assertEquals(0.934, invoice.confidence(), 1e-4);
        assertEquals(0.4 * 600, invoice.value().polygon().minX(), 0.01);
        Table table = page.tables().get(0);
        assertEquals(3, table.rowCount());
        assertEquals(3, table.columnCount());
        assertEquals(9, table.cells().size());
        Table.Cell qty = table.cells().stream().filter(c -> c.rowIndex() == 2 && c.columnIndex() == 1)
                .findFirst().orElseThrow();
        assertEquals("2", qty.text());
        assertEquals("content", qty.kind());
        assertEquals("columnHeader", table.cells().get(0).kind());
        assertEquals("Item", table.cells().get(0).text());
    }

    @Test
    void a_text_only_request_asks_for_neither_forms_nor_tables() throws Exception {
        OcrResult result = await(provider.analyze(request(png(200, 200))));

        assertEquals(List.of(), fake.calls().get(0).featureTypes());
        assertEquals(List.of(), result.pages().get(0).keyValuePairs());
        assertEquals(List.of(), result.pages().get(0).tables());
        // The receipt's fields and cells are still read as lines.
        assertTrue(result.content().contains("INV-0042"));
    }

    @Test
    void throttling_is_retryable_and_says_throttled() {
        fake.faults().throttleNext(1, Duration.ofSeconds(2));

        ProviderCallException e = callFailure(png(100, 100));

        assertEquals(ProviderException.Kind.THROTTLED, e.kind());
        assertTrue(e.retryable());
        assertEquals(Duration.ofSeconds(2), e.retryAfter().orElseThrow());
        assertEquals(1, fake.calls().size(), "one attempt: retries are the resilience layer's");
    }

    @Test
    void throttled_answers_leave_most_pooled_connections_open_for_the_next_calls() throws Exception {
        // An error answer must not cost its connection: a client that closed the connection after reading the error
        // (as the AWS SDK's own Netty transport did now and then) would open one connection per throttled call and,
        // at times, fail the next call on the closing one.
        int throttled = 100;
        fake.faults().throttleNext(throttled);

        for (int i = 1; i <= throttled; i++) {
            ProviderCallException e = callFailure(png(100, 100));
            assertEquals(ProviderException.Kind.THROTTLED, e.kind(), "call " + i + ": " + e.getMessage());
        }
        OcrResult result = await(provider.analyze(request(png(100, 100))));

        assertFalse(result.pages().isEmpty());
        assertEquals(throttled + 1, fake.calls().size());
        int connections = fake.connectionsAccepted();
        assertEquals(1, connections, connections + " connections for " + (throttled + 1)
                + " calls in sequence: error answers close the pooled connection");
    }

    @Test
    void a_small_answer_is_read_on_the_event_loop_and_a_dense_page_off_it() throws Exception {
        // The callback below names the thread that completes the call only if it is attached before the answer
        // arrives (else it runs on this test's thread): the fake takes its time.
        fake.faults().latency(Duration.ofMillis(300));
        fake.pages(List.of(SamplePage.ofLines("Total 12.50")));
        String small = provider.analyze(request(png(100, 100)))
                .thenApply(r -> Thread.currentThread().getName()).toCompletableFuture().get(20, TimeUnit.SECONDS);

        // About 300 blocks: far above the 16 KiB an event loop parses in place.
        String[] lines = new String[100];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = "Item " + i + " qty 1 price " + (i + 0.5);
        }
        fake.pages(List.of(SamplePage.ofLines(lines)));
        OcrResult[] dense = new OcrResult[1];
        String denseThread = provider.analyze(request(png(800, 2000)))
                .thenApply(r -> {
                    dense[0] = r;
                    return Thread.currentThread().getName();
                }).toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertTrue(small.startsWith("vert.x-eventloop-thread-"), small);
        assertTrue(denseThread.startsWith("textract-render-"), denseThread);
        assertEquals(100, dense[0].pages().get(0).lines().size());
        assertEquals("Item 99 qty 1 price 99.5", dense[0].pages().get(0).lines().get(99).text());
    }

    @Test
    void an_event_loop_making_the_call_never_waits_for_slow_credentials() throws Exception {
        // Signing needs the identity; until the provider holds one, its calls are signed on the render pool.
        fake.pages(List.of(SamplePage.ofLines("Total 12.50")));
        List<String> fetchedOn = new CopyOnWriteArrayList<>();
        AwsCredentialsProvider slow = () -> {
            fetchedOn.add(Thread.currentThread().getName());
            try {
                Thread.sleep(300); // an instance-metadata round trip
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY);
        };
        TextractProvider slowKeys = new TextractProvider(vertx, "textract:slow-keys",
                TextractConfig.of(fake.region()).withEndpoint(fake.endpoint()), slow);
        try {
            CompletableFuture<CompletionStage<OcrResult>> made =
                    new CompletableFuture<>();
            long[] callMs = new long[1];
            vertx.runOnContext(v -> {
                long started = System.nanoTime();
                made.complete(slowKeys.analyze(request(png(100, 100))));
                callMs[0] = (System.nanoTime() - started) / 1_000_000;
            });
            OcrResult result = await(made.get(20, TimeUnit.SECONDS));

            assertEquals("Total 12.50", result.content());
            assertTrue(callMs[0] < 150, "analyze() held the event loop " + callMs[0] + " ms");
            assertEquals(1, fetchedOn.size());
            assertTrue(fetchedOn.get(0).startsWith("textract-render-"), fetchedOn.get(0));
        } finally {
            slowKeys.close();
        }
    }

    @Test
    void an_https_endpoint_is_trusted_through_the_jvms_trust_store_and_its_host_name_checked() throws Exception {
        // AWS's endpoints are HTTPS with certificates the JVM's default trust store accepts; here a self-signed one
        // for localhost, put in a trust store named by the standard system properties, stands in for that chain.
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var pem = Files.newInputStream(Path.of(cert.certificatePath()))) {
            trust.setCertificateEntry("textract-fake",
                    CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        Path store = Files.createTempFile("textract-trust", ".p12");
        try (var out = Files.newOutputStream(store)) {
            trust.store(out, "changeit".toCharArray());
        }
        Map<String, String> saved = new HashMap<>();
        for (String key : List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword",
                "javax.net.ssl.trustStoreType")) {
            saved.put(key, System.getProperty(key));
        }
        System.setProperty("javax.net.ssl.trustStore", store.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        TextractFake tls = TextractFake.startTls(vertx, cert.keyCertOptions()).await();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
        TextractProvider secure = new TextractProvider(vertx, "textract:tls",
                TextractConfig.of(tls.region()).withEndpoint(tls.endpoint()), credentials);
        TextractProvider wrongName = new TextractProvider(vertx, "textract:tls-by-ip",
                TextractConfig.of(tls.region()).withEndpoint(URI.create("https://127.0.0.1:" + tls.port())),
                credentials);
        try {
            tls.pages(List.of(SamplePage.ofLines("Paid by card")));
            assertTrue(tls.endpoint().toString().startsWith("https://localhost:"));

            assertEquals("Paid by card", await(secure.analyze(request(png(100, 100)))).content());
            ProviderCallException refused = assertInstanceOf(ProviderCallException.class,
                    failure(wrongName.analyze(request(png(100, 100)))));
            assertEquals(ProviderException.Kind.UNAVAILABLE, refused.kind(), refused.getMessage());
            assertEquals(1, tls.calls().size(), "a certificate for another name is never sent the document");
        } finally {
            secure.close();
            wrongName.close();
            tls.close();
            saved.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    @Test
    void no_credentials_anywhere_fail_the_call_without_sending_it() {
        AwsCredentialsProvider none = () -> {
            throw SdkClientException.create(
                    "Unable to load credentials from any of the providers in the chain");
        };
        TextractProvider keyless = new TextractProvider(vertx, "textract:keyless",
                TextractConfig.of(fake.region()).withEndpoint(fake.endpoint()), none);
        try {
            ProviderCallException first = assertInstanceOf(ProviderCallException.class,
                    failure(keyless.analyze(request(png(100, 100)))));
            ProviderCallException again = assertInstanceOf(ProviderCallException.class,
                    failure(keyless.analyze(request(png(100, 100)))));

            assertEquals(ProviderException.Kind.UNAVAILABLE, first.kind(), first.getMessage());
            assertEquals(ProviderException.Kind.UNAVAILABLE, again.kind(), "each call asks the chain again");
            assertEquals(0, fake.connectionsAccepted(), "nothing unsigned goes out");
        } finally {
            keyless.close();
        }
    }

    @Test
    void throttling_exception_with_status_500_is_still_throttling() {
        fake.faults().errorNext(500, "ThrottlingException", "Rate exceeded");

        ProviderCallException e = callFailure(png(100, 100));

        assertEquals(ProviderException.Kind.THROTTLED, e.kind());
        assertEquals(1, fake.calls().size());
    }

    @Test
    void an_invalid_document_is_rejected_with_the_service_message() {
        fake.faults().errorNext(400, "InvalidParameterException", "Request has invalid parameters");

        ProviderCallException e = callFailure(png(100, 100));

        assertEquals(ProviderException.Kind.REJECTED, e.kind());
        assertFalse(e.retryable());
        assertEquals("Textract InvalidParameterException: the service refused the document", e.getMessage());
    }

    @Test
    void bytes_textract_cannot_read_are_rejected_as_unsupported() {
        Document notAnImage = new Document(new byte[]{1, 2, 3, 4, 5}, "image/png", png(10, 10).pages());

        ProviderCallException e = callFailure(notAnImage);

        assertEquals(ProviderException.Kind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("UnsupportedDocumentException"), e.getMessage());
    }

    @Test
    void internal_server_error_is_retryable_unavailable() {
        fake.faults().failNext(1);

        ProviderCallException e = callFailure(png(100, 100));

        assertEquals(ProviderException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.retryable());
    }

    @Test
    void a_dropped_connection_is_retryable_unavailable() {
        fake.faults().dropNext(1);

        ProviderCallException e = callFailure(png(100, 100));

        assertEquals(ProviderException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.retryable());
    }

    @Test
    void an_unreadable_answer_is_unavailable() {
        fake.faults().malformedNext(1);

        ProviderCallException e = callFailure(png(100, 100));

        assertEquals(ProviderException.Kind.UNAVAILABLE, e.kind());
    }

    @Test
    void a_signature_scoped_to_another_region_is_refused_as_broken_credentials() {
        try (TextractProvider elsewhere = provider("eu-west-1")) {
            ProviderCallException e = assertInstanceOf(ProviderCallException.class,
                    failure(elsewhere.analyze(request(png(100, 100)))));

            assertEquals(ProviderException.Kind.UNAVAILABLE, e.kind());
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains("InvalidSignatureException"), e.getMessage());
        }
    }

    @Test
    void every_call_carries_the_signature_its_secret_gives_the_request_as_sent_and_a_wrong_secret_is_refused()
            throws Exception {
        // The fake verifies signatures of ACCESS_KEY (set up above): the calls of the other tests passed it.
        fake.pages(List.of(SamplePage.ofLines("Signed")));
        assertEquals("Signed", await(provider.analyze(request(png(100, 100)))).content());

        try (TextractProvider wrongSecret = new TextractProvider(vertx, "textract:wrong-secret",
                TextractConfig.of(fake.region()).withEndpoint(fake.endpoint()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, "not-the-secret")))) {
            ProviderCallException e = assertInstanceOf(ProviderCallException.class,
                    failure(wrongSecret.analyze(request(png(100, 100)))));

            assertEquals(ProviderException.Kind.UNAVAILABLE, e.kind());
            assertFalse(e.retryable(), "no retry mends a wrong secret");
            assertTrue(e.getMessage().contains("InvalidSignatureException"), e.getMessage());
        }
    }

    @Test
    void an_answer_slower_than_the_deadline_is_a_timeout() {
        fake.faults().latency(Duration.ofSeconds(3));
        var quick = new org.freerpacapture.ocr.OcrRequest("r", org.freerpacapture.ocr.Task.DOCUMENT,
                png(100, 100), java.util.Set.of(),
                org.freerpacapture.ocr.Deadline.after(Duration.ofMillis(300)));

        ProviderCallException e = assertInstanceOf(ProviderCallException.class, failure(provider.analyze(quick)));

        assertEquals(ProviderException.Kind.TIMEOUT, e.kind());
    }

    @Test
    void behind_the_resilience_layer_a_throttled_page_is_retried_after_retry_after() throws Exception {
        fake.faults().throttleNext(1, Duration.ofSeconds(1));
        ResilientProvider resilient = new ResilientProvider(vertx, provider, ResilienceOptions.defaults()
                .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)));

        long started = System.nanoTime();
        OcrResult result = await(resilient.analyze(request(png(100, 100))));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertFalse(result.pages().isEmpty());
        assertEquals(2, fake.calls().size());
        assertTrue(elapsedMs >= 1000, "retried after " + elapsedMs + " ms");
    }

    @Test
    void behind_the_resilience_layer_persistent_throttling_stays_within_the_retry_budget() {
        fake.faults().throttleNext(50);
        ResilienceOptions options = ResilienceOptions.defaults().withMaxRetries(2)
                .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).withRetryBudget(0.1, 3, 3);
        ResilientProvider resilient = new ResilientProvider(vertx, provider, options);

        ProviderException first = assertInstanceOf(ProviderException.class,
                failure(resilient.analyze(request(png(100, 100)))));
        ProviderException second = assertInstanceOf(ProviderException.class,
                failure(resilient.analyze(request(png(100, 100)))));

        assertEquals(ProviderException.Kind.THROTTLED, first.kind());
        assertEquals(ProviderException.Kind.THROTTLED, second.kind());
        // 2 first attempts + 3 budget tokens (plus what two deposits of 0.1 add: nothing whole).
        assertEquals(5, fake.calls().size());
    }

    @Test
    void the_factory_builds_textract_from_a_policy_entry_with_credentials_from_the_default_chain() throws Exception {
        // System properties come first in the SDK's default chain, ahead of AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        try (ResilientProvider built = new ProviderFactory(vertx).withSafety(FakeSafety.RULES).create("textract:eu", Map.of(
                "kind", "textract", "region", "us-east-1", "endpoint", fake.endpoint().toString()))) {
            OcrResult result = await(built.analyze(request(png(100, 100))));

            assertEquals("textract:eu", result.provider().id());
            assertEquals("textract", built.info().kind());
            assertEquals(ACCESS_KEY, fake.calls().get(0).accessKeyId());
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void web_identity_credentials_as_on_eks_are_exchanged_at_sts_and_signed_with_as_session_keys() throws Exception {
        // EKS IRSA: a projected service-account token and a role ARN, which the default chain exchanges at STS
        // (here a loopback STS answering AssumeRoleWithWebIdentity as the Query protocol does).
        Path token = Files.createTempFile("web-identity", ".jwt");
        Files.writeString(token, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2ln");
        List<String> exchanges = new CopyOnWriteArrayList<>();
        String answer = """
                <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleWithWebIdentityResult>
                    <Credentials>
                      <AccessKeyId>ASIAIRSATESTKEY00001</AccessKeyId>
                      <SecretAccessKey>irsa/secret/key/for/the/test/only/000000</SecretAccessKey>
                      <SessionToken>irsa-session-token</SessionToken>
                      <Expiration>%s</Expiration>
                    </Credentials>
                    <AssumedRoleUser>
                      <Arn>arn:aws:sts::123456789012:assumed-role/gateway/gateway-session</Arn>
                      <AssumedRoleId>AROATESTROLEID:gateway-session</AssumedRoleId>
                    </AssumedRoleUser>
                  </AssumeRoleWithWebIdentityResult>
                  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
                </AssumeRoleWithWebIdentityResponse>
                """.formatted(Instant.now().plus(Duration.ofHours(1)));
        var sts = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            exchanges.add(body.toString());
            req.response().putHeader("Content-Type", "text/xml").end(answer);
        })).listen(0, "127.0.0.1").await();
        Map<String, String> settings = Map.of(
                "aws.webIdentityTokenFile", token.toString(),
                "aws.roleArn", "arn:aws:iam::123456789012:role/gateway",
                "aws.roleSessionName", "gateway-session",
                "aws.region", "us-east-1",
                "aws.endpointUrlSts", "http://127.0.0.1:" + sts.actualPort());
        settings.forEach(System::setProperty);
        fake.acceptKey("ASIAIRSATESTKEY00001", "irsa/secret/key/for/the/test/only/000000");
        try (ResilientProvider built = new ProviderFactory(vertx).withSafety(FakeSafety.RULES).create("textract:irsa", Map.of(
                "kind", "textract", "region", "us-east-1", "endpoint", fake.endpoint().toString()))) {
            await(built.analyze(request(png(100, 100))));

            TextractCall call = fake.calls().get(0);
            assertEquals("ASIAIRSATESTKEY00001", call.accessKeyId());
            assertEquals("irsa-session-token", call.sessionToken());
            assertEquals(1, exchanges.size(), exchanges.toString());
            String exchange = URLDecoder.decode(exchanges.get(0), StandardCharsets.UTF_8);
            assertTrue(exchange.contains("Action=AssumeRoleWithWebIdentity"), exchange);
            assertTrue(exchange.contains("RoleArn=arn:aws:iam::123456789012:role/gateway"), exchange);
            assertTrue(exchange.contains("WebIdentityToken=" + Files.readString(token)), exchange);
        } finally {
            settings.keySet().forEach(System::clearProperty);
            sts.close();
            Files.deleteIfExists(token);
        }
    }

    @Test
    void a_policy_entry_without_a_region_is_refused_naming_the_key() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ProviderFactory(vertx).withSafety(FakeSafety.RULES).create("textract:eu", Map.of("kind", "textract")));

        assertTrue(e.getMessage().contains("'region'"), e.getMessage());
    }

    @Test
    void credentials_appear_in_no_log_line_and_no_error_message() {
        fake.faults().errorNext(400, "InvalidParameterException", "Request has invalid parameters").failNext(1);
        String messages;
        String logs;
        try (CapturedLogs captured = new CapturedLogs()) {
            Throwable rejected = failure(provider.analyze(request(png(100, 100))));
            Throwable failed = failure(provider.analyze(request(png(100, 100))));
            messages = rejected + " " + rejected.getCause() + " " + failed + " " + failed.getCause();
            logs = captured.text();
            assertTrue(captured.events() > 0, "DEBUG logging (the signer's canonical request among it) was captured");
        }
        assertFalse(logs.contains(SECRET_KEY), "secret key in logs");
        assertFalse(messages.contains(SECRET_KEY), "secret key in error messages");
        assertFalse(messages.contains(ACCESS_KEY), "access key id in error messages");
    }
}
