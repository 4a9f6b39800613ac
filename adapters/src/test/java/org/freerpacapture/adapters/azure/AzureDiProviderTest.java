package org.freerpacapture.adapters.azure;

import io.vertx.core.Vertx;
import org.freerpacapture.adapters.CapturedLogs;
import org.freerpacapture.adapters.FakeSafety;
import org.freerpacapture.adapters.ProviderFactory;
import org.freerpacapture.adapters.resilience.ResilienceStats;
import org.freerpacapture.adapters.resilience.ResilientProvider;
import org.freerpacapture.fakes.SamplePage;
import org.freerpacapture.fakes.azure.AzureDiFake;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.Feature;
import org.freerpacapture.ocr.KeyValuePair;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.ProviderException;
import org.freerpacapture.ocr.Table;
import org.freerpacapture.ocr.Word;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.freerpacapture.adapters.azure.AzureTestDocuments.pdf;
import static org.freerpacapture.adapters.azure.AzureTestDocuments.png;
import static org.freerpacapture.adapters.azure.AzureTestDocuments.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AzureDiProviderTest {

    static final String KEY = "azure-test-key-7f3a9c0e5b";

    private Vertx vertx;
    private AzureDiFake fake;
    private Path keyFile;
    private ResilientProvider provider;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        vertx = Vertx.vertx();
        fake = AzureDiFake.start(vertx, KEY).await().retryAfterSeconds(0);
        keyFile = dir.resolve("azure-key");
        Files.writeString(keyFile, KEY + "\n");
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        fake.close().await();
        vertx.close().await();
    }

    private Map<String, Object> entry(Object... more) {
        Map<String, Object> e = new HashMap<>(Map.of("kind", "azure-di", "endpoint", fake.endpoint(),
                "key", "file:" + keyFile, "model", "prebuilt-read",
                "backoff", Map.of("baseMs", 10, "maxMs", 50),
                "retryBudget", Map.of("initialTokens", 5)));
        for (int i = 0; i < more.length; i += 2) {
            e.put((String) more[i], more[i + 1]);
        }
        return e;
    }

    private ResilientProvider provider(Object... more) {
        provider = new ProviderFactory(vertx).withSafety(FakeSafety.RULES).create("azure:test", entry(more));
        return provider;
    }

    static OcrResult await(CompletionStage<OcrResult> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    static ProviderException failure(CompletionStage<OcrResult> stage) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(20, TimeUnit.SECONDS));
        return assertInstanceOf(ProviderException.class, e.getCause());
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    // --- mapping -------------------------------------------------------------------------------------------

    @Test
    void should_read_a_multi_line_image_with_words_and_pixel_polygons() throws Exception {
        Document doc = png(800, 600);
        OcrResult result = await(provider().analyze(request(doc, Duration.ofSeconds(10))));

        assertEquals("azure-di", result.provider().kind());
        assertEquals("prebuilt-read", result.provider().model());
        assertEquals("2024-11-30", result.provider().version());
        Page page = result.pages().get(0);
        assertEquals(1, result.pages().size());
        assertEquals(800, page.width());
        assertEquals(600, page.height());
        // receipt: 3 lines, 2 fields (label and value each a line), 3 × 3 table cells
        assertEquals(3 + 4 + 9, page.lines().size());
        Line first = page.lines().get(0);
        assertEquals("ACME HARDWARE STORE", first.text());
        assertEquals(List.of("ACME", "HARDWARE", "STORE"), first.words().stream().map(Word::text).toList());
        assertEquals(0.05 * 800, first.polygon().minX(), 0.01);
        assertEquals(0.05 * 600, first.polygon().minY(), 0.01);
        assertEquals(8, first.words().get(0).polygon().toArray().length);
        double meanWords = first.words().stream().mapToDouble(Word::confidence).average().orElseThrow();
        assertEquals(meanWords, first.confidence(), 1e-9);
        assertTrue(first.confidence() > 0 && first.confidence() <= 1);
        assertTrue(page.tables().isEmpty() && page.keyValuePairs().isEmpty(), "prebuilt-read has no layout");
        assertTrue(result.content().startsWith("ACME HARDWARE STORE\n12 Market Street Springfield"));

        AzureDiFake.AnalyzeCall call = fake.lastAnalyze().orElseThrow();
        assertEquals("/documentintelligence/documentModels/prebuilt-read:analyze", call.path());
        assertEquals("2024-11-30", call.query().get("api-version"));
        assertEquals("utf16CodeUnit", call.query().get("stringIndexType"));
        assertEquals("image/png", call.contentType());
        assertEquals(doc.bytes().length, call.bodyBytes());
    }

    @Test
    void should_convert_inches_to_the_decoded_page_pixels_on_a_multi_page_pdf() throws Exception {
        OcrResult result = await(provider().analyze(request(pdf(3, 1, 2, 3), Duration.ofSeconds(10))));

        assertEquals(3, result.pages().size());
        for (Page page : result.pages()) {
            assertEquals(850, page.width());
            assertEquals(1100, page.height());
            assertEquals("pixel", page.unit());
        }
        Page second = result.pages().get(1);
        assertEquals(2, second.pageNumber());
        assertTrue(second.lines().stream().anyMatch(l -> l.text().equals("Page 2 of 3")));
        // 0.05 of 8.5 in = 0.425 in; at 850 px / 8.5 in that is 42.5 px
        assertEquals(42.5, second.lines().get(0).polygon().minX(), 0.01);
        assertEquals(55.0, second.lines().get(0).polygon().minY(), 0.01);
        assertEquals("1-3", fake.lastAnalyze().orElseThrow().query().get("pages"));
    }

    @Test
    void should_ask_only_for_the_selected_pdf_pages() throws Exception {
        OcrResult result = await(provider().analyze(request(pdf(4, 2, 4), Duration.ofSeconds(10))));

        assertEquals("2,4", fake.lastAnalyze().orElseThrow().query().get("pages"));
        assertEquals(List.of(2, 4), result.pages().stream().map(Page::pageNumber).toList());
        assertTrue(result.pages().get(1).lines().stream().anyMatch(l -> l.text().equals("Page 4 of 4")));
    }

    @Test
    void should_map_key_value_pairs_and_tables_from_prebuilt_layout() throws Exception {
        OcrResult result = await(provider("model", "prebuilt-layout")
                .analyze(request(png(1000, 1400), Duration.ofSeconds(10), Feature.FORMS, Feature.TABLES)));

        assertEquals("keyValuePairs", fake.lastAnalyze().orElseThrow().query().get("features"));
        Page page = result.pages().get(0);
        List<KeyValuePair> pairs = page.keyValuePairs();
        assertEquals(2, pairs.size());
        assertEquals("Invoice No:", pairs.get(0).key().text());
        assertEquals("INV-0042", pairs.get(0).value().text());
        assertEquals(0.4 * 1000, pairs.get(0).value().polygon().minX(), 0.01);
        assertEquals(0.91, pairs.get(0).confidence(), 1e-9);

        Table table = page.tables().get(0);
        assertEquals(3, table.rowCount());
        assertEquals(3, table.columnCount());
        Table.Cell header = table.cells().get(0);
        assertEquals("Item", header.text());
        assertEquals("columnHeader", header.kind());
        Table.Cell hammer = table.cells().stream().filter(c -> c.rowIndex() == 1 && c.columnIndex() == 0)
                .findFirst().orElseThrow();
        assertEquals("Hammer", hammer.text());
        assertEquals("content", hammer.kind());
        assertEquals(1, hammer.rowSpan());
        assertTrue(hammer.confidence() > 0.9 && hammer.confidence() < 1, "from the cell's words");
        assertTrue(hammer.polygon().maxX() <= 1000);
    }

    @Test
    void should_speak_2023_07_31_under_formrecognizer() throws Exception {
        fake.retryAfterSeconds(-1);
        OcrResult result = await(provider("apiVersion", "2023-07-31", "model", "prebuilt-document",
                "pollIntervalMs", 30).analyze(request(png(400, 300), Duration.ofSeconds(10))));

        assertEquals("/formrecognizer/documentModels/prebuilt-document:analyze",
                fake.lastAnalyze().orElseThrow().path());
        assertEquals("2023-07-31", fake.lastAnalyze().orElseThrow().query().get("api-version"));
        assertEquals("2023-07-31", result.provider().version());
        assertEquals(2, result.pages().get(0).keyValuePairs().size(), "v3 prebuilt-document returns fields");
    }

    @Test
    void should_map_custom_pages_line_by_line() throws Exception {
        fake.pages(List.of(SamplePage.ofLines("Hello World", "second line here")));
        OcrResult result = await(provider().analyze(request(png(400, 100), Duration.ofSeconds(10))));

        assertEquals("Hello World\nsecond line here", result.content());
        assertEquals(List.of("second", "line", "here"),
                result.pages().get(0).lines().get(1).words().stream().map(Word::text).toList());
    }

    // --- polling and faults --------------------------------------------------------------------------------

    @Test
    void should_poll_the_operation_location_honouring_retry_after() throws Exception {
        fake.retryAfterSeconds(1).runningPolls(1);
        long start = System.nanoTime();
        await(provider().analyze(request(png(200, 100), Duration.ofSeconds(10))));
        long elapsed = millisSince(start);

        assertEquals(1, fake.analyzeCalls());
        assertEquals(2, fake.pollCalls(), "one running, one succeeded");
        assertTrue(elapsed >= 2000, "two waits of Retry-After: 1, took " + elapsed + " ms");
    }

    @Test
    void should_retry_a_throttled_submit_after_its_retry_after() throws Exception {
        fake.faults().throttleNext(1, Duration.ofSeconds(1));
        ResilientProvider p = provider();
        long start = System.nanoTime();
        await(p.analyze(request(png(200, 100), Duration.ofSeconds(10))));
        long elapsed = millisSince(start);

        assertEquals(2, fake.analyzeCalls());
        assertTrue(elapsed >= 1000, "retried after " + elapsed + " ms");
        assertEquals(1, p.stats().retries());
    }

    @Test
    void should_answer_throttled_with_the_providers_retry_after_when_it_exceeds_the_deadline() {
        fake.faults().throttleNext(1, Duration.ofSeconds(30));
        long start = System.nanoTime();
        ProviderException e = failure(provider().analyze(request(png(200, 100), Duration.ofSeconds(3))));

        assertEquals(ProviderException.Kind.THROTTLED, e.kind());
        assertEquals(Duration.ofSeconds(30), e.retryAfter().orElseThrow());
        assertTrue(millisSince(start) < 2000);
        assertEquals(1, fake.analyzeCalls());
    }

    @Test
    void should_keep_polling_when_a_poll_is_throttled_without_submitting_again() throws Exception {
        fake.pollFaults().throttleNext(2, Duration.ZERO);
        await(provider().analyze(request(png(200, 100), Duration.ofSeconds(10))));

        assertEquals(1, fake.analyzeCalls());
        assertEquals(2 + 2, fake.pollCalls());
    }

    @Test
    void should_retry_server_errors_and_dropped_connections_within_max_retries() throws Exception {
        fake.faults().failNext(1).dropNext(1);
        ResilientProvider p = provider("maxRetries", 2);
        await(p.analyze(request(png(200, 100), Duration.ofSeconds(10))));

        assertEquals(3, fake.analyzeCalls());
        assertEquals(2, p.stats().retries());
    }

    @Test
    void should_give_up_with_unavailable_after_max_retries() {
        fake.faults().failNext(5);
        ProviderException e = failure(provider("maxRetries", 1).analyze(request(png(200, 100), Duration.ofSeconds(10))));

        assertEquals(ProviderException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().endsWith("Azure InternalServerError"), e.getMessage());
        assertFalse(e.getMessage().contains("An unexpected error occurred."), "the service's text stays in the log");
        assertEquals(2, fake.analyzeCalls());
    }

    @Test
    void should_open_the_breaker_after_the_threshold_and_close_it_after_a_good_trial() throws Exception {
        fake.faults().failNext(3);
        ResilientProvider p = provider("maxRetries", 0,
                "breaker", Map.of("failureThreshold", 3, "resetTimeoutMs", 400));
        for (int i = 0; i < 3; i++) {
            assertEquals(ProviderException.Kind.UNAVAILABLE,
                    failure(p.analyze(request(png(200, 100), Duration.ofSeconds(5)))).kind());
        }
        assertEquals(ResilienceStats.BreakerState.OPEN, p.stats().breakerState());

        ProviderException refused = failure(p.analyze(request(png(200, 100), Duration.ofSeconds(5))));
        assertEquals(ProviderException.Kind.UNAVAILABLE, refused.kind());
        assertEquals(3, fake.analyzeCalls(), "refused without calling the service");

        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (p.stats().breakerState() != ResilienceStats.BreakerState.HALF_OPEN && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertEquals(ResilienceStats.BreakerState.HALF_OPEN, p.stats().breakerState());
        await(p.analyze(request(png(200, 100), Duration.ofSeconds(5))));
        assertEquals(ResilienceStats.BreakerState.CLOSED, p.stats().breakerState());
    }

    @Test
    void should_time_out_at_the_deadline_when_the_analysis_never_ends() {
        fake.endlessRunning(true);
        long start = System.nanoTime();
        ProviderException e = failure(provider().analyze(request(png(200, 100), Duration.ofMillis(1200))));
        long elapsed = millisSince(start);

        assertEquals(ProviderException.Kind.TIMEOUT, e.kind());
        assertTrue(elapsed >= 1100 && elapsed < 2500, "gave up after " + elapsed + " ms");
        assertTrue(fake.pollCalls() > 1);
    }

    @Test
    void should_time_out_at_the_deadline_when_the_service_hangs() {
        fake.faults().latency(Duration.ofSeconds(10));
        long start = System.nanoTime();
        ProviderException e = failure(provider().analyze(request(png(200, 100), Duration.ofMillis(800))));
        long elapsed = millisSince(start);

        assertEquals(ProviderException.Kind.TIMEOUT, e.kind());
        assertTrue(elapsed >= 750 && elapsed < 2000, "gave up after " + elapsed + " ms");
    }

    @Test
    void should_read_malformed_json_as_unavailable_not_a_crash() {
        fake.pollFaults().malformedNext(1);
        ResilientProvider p = provider();
        ProviderException e = failure(p.analyze(request(png(200, 100), Duration.ofSeconds(5))));

        assertEquals(ProviderException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("not the expected JSON"), e.getMessage());
        assertEquals(1L, p.stats().failures().get(ProviderException.Kind.UNAVAILABLE));
    }

    @Test
    void should_reject_a_corrupt_document_with_the_providers_code_and_no_retry() {
        Document corrupt = new Document(new byte[]{1, 2, 3, 4}, "image/png", List.of());
        try (CapturedLogs logs = new CapturedLogs()) {
            ProviderException e = failure(provider().analyze(request(corrupt, Duration.ofSeconds(5))));

            assertEquals(ProviderException.Kind.REJECTED, e.kind());
            assertEquals("Azure InvalidContent: the service refused the document", e.getMessage());
            assertEquals(1, fake.analyzeCalls());
            String fullText = "Invalid request. (InvalidContent: The file is corrupted or format is unsupported. "
                    + "Refer to documentation for the list of supported formats.)";
            assertEquals(1, logs.text().split(java.util.regex.Pattern.quote(fullText), -1).length - 1,
                    "the service's own words are logged once: " + logs.text());
        }
    }

    @Test
    void should_reject_an_unsupported_content_type() {
        Document gif = new Document(new byte[]{'G', 'I', 'F'}, "image/gif", List.of());
        ProviderException e = failure(provider().analyze(request(gif, Duration.ofSeconds(5))));

        assertEquals(ProviderException.Kind.REJECTED, e.kind());
        assertTrue(e.getMessage().startsWith("Azure "), e.getMessage());
        assertTrue(e.getMessage().endsWith(": the service refused the document"), e.getMessage());
    }

    @Test
    void should_report_a_wrong_key_as_unavailable_without_retrying() throws Exception {
        Files.writeString(keyFile, "not-the-key");
        ProviderException e = failure(provider().analyze(request(png(200, 100), Duration.ofSeconds(5))));

        assertEquals(ProviderException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("401"), e.getMessage());
        assertEquals(1, fake.analyzeCalls());
    }

    // --- configuration -------------------------------------------------------------------------------------

    @Test
    void should_refuse_a_key_written_into_the_policy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ProviderFactory(vertx).withSafety(FakeSafety.RULES).create("azure:test", entry("key", KEY)));
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void should_refuse_an_unknown_api_version() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ProviderFactory(vertx).withSafety(FakeSafety.RULES).create("azure:test", entry("apiVersion", "2022-01-30-preview")));
        assertTrue(e.getMessage().contains("apiVersion must be one of"), e.getMessage());
    }

    @Test
    void should_not_show_the_key_in_to_string() {
        assertFalse(provider().raw().toString().contains(KEY));
    }
}
