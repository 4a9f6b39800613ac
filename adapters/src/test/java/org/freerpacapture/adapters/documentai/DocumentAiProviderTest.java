package org.freerpacapture.adapters.documentai;

import io.vertx.core.Vertx;
import org.freerpacapture.adapters.FakeSafety;
import org.freerpacapture.adapters.CapturedLogs;
import org.freerpacapture.adapters.EventLoopWork;
import org.freerpacapture.adapters.ProviderConfig;
import org.freerpacapture.adapters.ProviderFactory;
import org.freerpacapture.adapters.resilience.ProviderCallException;
import org.freerpacapture.adapters.resilience.ResilienceOptions;
import org.freerpacapture.adapters.resilience.ResilientProvider;
import org.freerpacapture.fakes.SamplePage;
import org.freerpacapture.fakes.documentai.DocumentAiCall;
import org.freerpacapture.fakes.documentai.DocumentAiFake;
import org.freerpacapture.fakes.documentai.ServiceAccountKeys;
import org.freerpacapture.ocr.Deadline;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.Feature;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.ProviderException;
import org.freerpacapture.ocr.Table;
import org.freerpacapture.ocr.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
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

class DocumentAiProviderTest {

    private static final String ACCOUNT = "gateway@test-project.iam.gserviceaccount.com";

    @TempDir
    Path dir;

    private Vertx vertx;
    private ServiceAccountKeys keys;
    private DocumentAiFake fake;
    private Path keyFile;
    private OcrProvider provider;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        keys = ServiceAccountKeys.generate(ACCOUNT, "test-project");
        fake = DocumentAiFake.start(vertx, keys).await();
        keyFile = dir.resolve("key.json");
        Files.writeString(keyFile, keys.json(fake.tokenUri()));
        provider = DocumentAiProvider.create(vertx, config(keyFile));
    }

    @AfterEach
    void stop() {
        provider.close();
        vertx.close().await();
    }

    private ProviderConfig config(Path key) {
        return ProviderConfig.of("document-ai:test", Map.of(
                "kind", "document-ai",
                "endpoint", fake.endpoint().toString(),
                "location", "eu",
                "processor", "ocr-1",
                "credentials", "file:" + key)).withSafety(FakeSafety.RULES);
    }

    private static OcrResult await(CompletionStage<OcrResult> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletionStage<OcrResult> stage) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(20, TimeUnit.SECONDS));
        return e.getCause();
    }

    private ProviderCallException callFailure() {
        return assertInstanceOf(ProviderCallException.class, failure(provider.analyze(request(png(100, 100)))));
    }

    @Test
    void an_image_is_sent_as_raw_document_and_read_back_as_lines_and_words_in_pixels() throws Exception {
        fake.pages(List.of(SamplePage.ofLines("Hello World", "Second line")));
        Document document = png(400, 100);

        OcrResult result = await(provider.analyze(request(document)));

        DocumentAiCall call = fake.calls().get(0);
        assertEquals("test-project", call.project(), "project comes from the key file");
        assertEquals("eu", call.location());
        assertEquals("ocr-1", call.processor());
        assertEquals("image/png", call.mimeType());
        assertEquals(document.bytes().length, call.documentBytes());
        assertEquals("Hello World\nSecond line", result.content());
        Line hello = result.pages().get(0).lines().get(0);
        assertEquals(List.of("Hello", "World"), hello.words().stream().map(w -> w.text()).toList());
        assertEquals(0.98, hello.confidence(), 1e-9);
        assertEquals(20, hello.polygon().minX(), 0.01);
        assertEquals(400, result.pages().get(0).width());
        assertEquals("document-ai", result.provider().kind());
    }

    @Test
    void a_large_document_and_a_large_answer_are_coded_off_the_event_loop_and_read_the_same() throws Exception {
        // Past EventLoopWork.INLINE_BYTES both the base64 request and the JSON answer go to the codec pool.
        String[] lines = new String[300];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = "Line " + i + " of a long document";
        }
        fake.pages(List.of(SamplePage.ofLines(lines)));
        Document small = png(400, 100);
        byte[] padded = Arrays.copyOf(small.bytes(), 4 * EventLoopWork.INLINE_BYTES);
        Document large = new Document(padded, "image/png", small.pages());

        OcrResult result = await(provider.analyze(request(large)));

        assertEquals(padded.length, fake.calls().get(0).documentBytes());
        assertEquals(300, result.pages().get(0).lines().size());
        assertEquals("Line 299 of a long document", result.pages().get(0).lines().get(299).text());
    }

    @Test
    void a_pdf_is_read_whole_and_only_the_selected_pages_come_back_at_their_decoded_size() throws Exception {
        fake.pages(List.of(SamplePage.ofLines("page one"), SamplePage.ofLines("page two"),
                SamplePage.ofLines("page three")));
        Document whole = pdf(3, 612, 792);
        Document selected = whole.withPages(List.of(whole.pages().get(0), whole.pages().get(2)));

        OcrResult result = await(provider.analyze(request(selected)));

        assertEquals("application/pdf", fake.calls().get(0).mimeType());
        assertEquals(List.of(1, 3), result.pages().stream().map(Page::pageNumber).toList());
        assertEquals(List.of(612, 632), result.pages().stream().map(Page::width).toList());
        assertEquals("page one\n\npage three", result.content());
        // The fake reports 1700 px wide pages; geometry follows the caller's 632 px page 3.
        assertEquals(632 * 0.05, result.pages().get(1).lines().get(0).polygon().minX(), 0.01);
    }

    @Test
    void form_fields_and_tables_are_mapped() throws Exception {
        fake.pages(List.of(SamplePage.receipt()));

        OcrResult result = await(provider.analyze(request(png(600, 800), Feature.FORMS, Feature.TABLES)));

        Page page = result.pages().get(0);
        assertEquals(List.of("Invoice No:=INV-0042", "Date:=2024-03-01"), page.keyValuePairs().stream()
                .map(p -> p.key().text() + "=" + p.value().text()).toList());
        Table table = page.tables().get(0);
        assertEquals(3, table.rowCount());
        assertEquals(3, table.columnCount());
        assertEquals("Nails 100 pcs", table.cells().stream()
                .filter(c -> c.rowIndex() == 2 && c.columnIndex() == 0).findFirst().orElseThrow().text());
        assertEquals("columnHeader", table.cells().get(0).kind());
    }

    @Test
    void one_token_serves_many_calls() throws Exception {
        await(provider.analyze(request(png(100, 100))));
        await(provider.analyze(request(png(100, 100))));

        assertEquals(1, fake.tokensIssued());
        assertEquals(fake.calls().get(0).accessToken(), fake.calls().get(1).accessToken());
    }

    @Test
    void a_token_near_its_expiry_is_exchanged_again_before_use() throws Exception {
        // A one-second token is inside the renewal margin as soon as it arrives.
        fake.tokenLifetime(Duration.ofSeconds(1));

        await(provider.analyze(request(png(100, 100))));
        await(provider.analyze(request(png(100, 100))));

        assertEquals(2, fake.tokensIssued());
        assertFalse(fake.calls().get(0).accessToken().equals(fake.calls().get(1).accessToken()));
    }

    @Test
    void a_revoked_token_is_renewed_once_and_the_call_succeeds() throws Exception {
        await(provider.analyze(request(png(100, 100))));
        fake.revokeTokens();

        OcrResult result = await(provider.analyze(request(png(100, 100))));

        assertFalse(result.pages().isEmpty());
        assertEquals(2, fake.tokensIssued());
        assertEquals(2, fake.calls().size(), "a 401 is answered before the call is recorded");
    }

    @Test
    void unauthenticated_after_renewal_is_unavailable_and_not_retried() {
        fake.faults().errorNext(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.")
                .errorNext(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");

        ProviderCallException e = callFailure();

        assertEquals(ProviderException.Kind.UNAVAILABLE, e.kind());
        assertFalse(e.retryable());
        assertEquals(2, fake.tokensIssued());
        assertEquals(2, fake.calls().size());
    }

    @Test
    void an_assertion_signed_by_another_key_is_refused_by_the_token_endpoint() throws Exception {
        ServiceAccountKeys stranger = ServiceAccountKeys.generate(ACCOUNT, "test-project");
        Path strangerFile = dir.resolve("stranger.json");
        Files.writeString(strangerFile, stranger.json(fake.tokenUri()));
        try (OcrProvider wrong = DocumentAiProvider.create(vertx, config(strangerFile))) {
            ProviderCallException e = assertInstanceOf(ProviderCallException.class,
                    failure(wrong.analyze(request(png(100, 100)))));

            assertEquals(ProviderException.Kind.UNAVAILABLE, e.kind());
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains("invalid_grant"), e.getMessage());
            assertEquals(0, fake.calls().size());
        }
    }

    @Test
    void resource_exhausted_is_throttled_with_retry_after() {
        fake.faults().throttleNext(1, Duration.ofSeconds(2));

        ProviderCallException e = callFailure();

        assertEquals(ProviderException.Kind.THROTTLED, e.kind());
        assertTrue(e.retryable());
        assertEquals(Duration.ofSeconds(2), e.retryAfter().orElseThrow());
    }

    @Test
    void invalid_argument_is_rejected_with_the_service_message() {
        fake.faults().errorNext(400, "INVALID_ARGUMENT", "Request contains an invalid argument.");

        ProviderCallException e = callFailure();

        assertEquals(ProviderException.Kind.REJECTED, e.kind());
        assertEquals("Document AI INVALID_ARGUMENT: the service refused the document", e.getMessage());
    }

    @Test
    void server_errors_unavailable_and_dropped_connections_are_retryable_unavailable() {
        fake.faults().failNext(1).errorNext(503, "UNAVAILABLE", "The service is currently unavailable.").dropNext(1);

        for (int i = 0; i < 3; i++) {
            ProviderCallException e = callFailure();
            assertEquals(ProviderException.Kind.UNAVAILABLE, e.kind(), e.getMessage());
            assertTrue(e.retryable(), e.getMessage());
        }
    }

    @Test
    void an_unreadable_answer_is_unavailable() {
        fake.faults().malformedNext(1);

        assertEquals(ProviderException.Kind.UNAVAILABLE, callFailure().kind());
    }

    @Test
    void an_answer_slower_than_the_deadline_is_a_timeout() {
        fake.faults().latency(Duration.ofSeconds(3));
        OcrRequest quick = new OcrRequest("r", Task.DOCUMENT, png(100, 100), Set.of(),
                Deadline.after(Duration.ofMillis(300)));

        ProviderCallException e = assertInstanceOf(ProviderCallException.class, failure(provider.analyze(quick)));

        assertEquals(ProviderException.Kind.TIMEOUT, e.kind());
    }

    @Test
    void a_format_document_ai_does_not_read_is_rejected_without_a_call() {
        Document text = new Document(new byte[]{1}, "text/plain", png(10, 10).pages());

        ProviderCallException e = assertInstanceOf(ProviderCallException.class,
                failure(provider.analyze(request(text))));

        assertEquals(ProviderException.Kind.REJECTED, e.kind());
        assertEquals(0, fake.calls().size());
    }

    @Test
    void behind_the_resilience_layer_throttling_is_retried_after_retry_after() throws Exception {
        fake.faults().throttleNext(1, Duration.ofSeconds(1));
        ResilientProvider resilient = new ResilientProvider(vertx, provider, ResilienceOptions.defaults()
                .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)));

        long started = System.nanoTime();
        await(resilient.analyze(request(png(100, 100))));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertEquals(2, fake.calls().size());
        assertTrue(elapsedMs >= 1000, "retried after " + elapsedMs + " ms");
    }

    @Test
    void behind_the_resilience_layer_persistent_throttling_stays_within_the_retry_budget() {
        fake.faults().throttleNext(50);
        ResilientProvider resilient = new ResilientProvider(vertx, provider, ResilienceOptions.defaults()
                .withMaxRetries(2).withBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
                .withRetryBudget(0.1, 3, 3));

        for (int i = 0; i < 2; i++) {
            ProviderException e = assertInstanceOf(ProviderException.class,
                    failure(resilient.analyze(request(png(100, 100)))));
            assertEquals(ProviderException.Kind.THROTTLED, e.kind());
        }
        assertEquals(5, fake.calls().size(), "2 first attempts and the budget's 3 retries");
    }

    @Test
    void the_factory_builds_document_ai_from_a_policy_entry() throws Exception {
        try (ResilientProvider built = new ProviderFactory(vertx).withSafety(FakeSafety.RULES).create(config(keyFile))) {
            OcrResult result = await(built.analyze(request(png(100, 100))));

            assertEquals("document-ai:test", result.provider().id());
            assertEquals("ocr-1", built.info().model());
            assertEquals(1, fake.calls().size());
        }
    }

    @Test
    void a_literal_key_in_the_policy_is_refused_without_echoing_it() {
        String literal = keys.json(fake.tokenUri());
        Map<String, Object> entry = new java.util.HashMap<>(config(keyFile).values());
        entry.put("credentials", literal);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ProviderFactory(vertx).withSafety(FakeSafety.RULES).create("document-ai:test", entry));

        assertFalse(e.getMessage().contains("PRIVATE KEY"), e.getMessage());
        assertTrue(e.getMessage().contains("credentials"), e.getMessage());
    }

    @Test
    void the_private_key_and_access_tokens_appear_in_no_log_line_and_no_error_message() throws Exception {
        String privateKey = Base64.getEncoder().encodeToString(keys.keys().getPrivate().getEncoded());
        String keyFragment = privateKey.substring(100, 160);
        String messages;
        String logs;
        try (CapturedLogs captured = new CapturedLogs()) {
            await(provider.analyze(request(png(100, 100))));
            fake.faults().errorNext(400, "INVALID_ARGUMENT", "bad").failNext(1)
                    .errorNext(401, "UNAUTHENTICATED", "no").errorNext(401, "UNAUTHENTICATED", "no");
            StringBuilder m = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                Throwable t = failure(provider.analyze(request(png(100, 100))));
                m.append(t).append(' ').append(t.getCause()).append('\n');
            }
            messages = m.toString();
            logs = captured.text();
        }
        for (DocumentAiCall call : fake.calls()) {
            assertFalse(logs.contains(call.accessToken()), "access token in logs");
            assertFalse(messages.contains(call.accessToken()), "access token in error messages");
        }
        assertFalse(logs.contains(keyFragment), "private key in logs");
        assertFalse(messages.contains(keyFragment), "private key in error messages");
    }
}
