package org.freerpacapture.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.freerpacapture.adapters.ProviderSafety;
import org.freerpacapture.fakes.azure.AzureDiFake;
import org.freerpacapture.fakes.documentai.DocumentAiCall;
import org.freerpacapture.fakes.documentai.DocumentAiFake;
import org.freerpacapture.fakes.documentai.ServiceAccountKeys;
import org.freerpacapture.fakes.textract.TextractCall;
import org.freerpacapture.fakes.textract.TextractFake;
import org.freerpacapture.gateway.admin.AdminApi;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.observability.CapturedLogs;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.ReadyGateway;
import org.freerpacapture.gateway.support.RoutedGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three cloud providers end to end through the production gateway ({@link Gateway}) and its HTTP API, each
 * against its loopback fake: the unified answer is shaped as the local engine's, and each fault ends as
 * {@code docs/providers.md} says (Retry-After honoured within the retry budget, the breaker opening and
 * half-opening with the fallback serving meanwhile, a hanging service cut at the request's deadline).
 *
 * <p>One gateway and one set of fakes serve every test; each test names its provider through {@code X-Engine},
 * and the fakes' faults are cleared after each test. The log check runs last, over everything logged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloudProvidersOverHttpTest {

    /** The request deadline: short, so the hanging-service tests stay quick, long enough for a receipt. */
    private static final Duration DEADLINE = Duration.ofSeconds(4);
    /** What a response may take beyond the deadline: the response itself on a shared 2-core machine. */
    private static final Duration SLACK = Duration.ofMillis(750);
    private static final int RECEIPT_WIDTH = 463;
    private static final int RECEIPT_HEIGHT = 1013;
    private static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID();
    private static final String AWS_KEY_ID = "AKIAFAKE" + Long.toHexString(System.nanoTime()).toUpperCase();
    private static final String AWS_SECRET = "aws-secret-" + UUID.randomUUID();
    private static final String AZURE_KEY = "azure-key-" + UUID.randomUUID();
    private static final String[] AWS_PROPERTIES = {"aws.accessKeyId", "aws.secretAccessKey"};

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, String> savedProperties = new HashMap<>();
    private CapturedLogs logs;
    private ServiceAccountKeys serviceAccount;
    private TextractFake textract;
    private AzureDiFake azure;
    private DocumentAiFake docai;
    private ReadyGateway gateway;
    private WebClient api;
    private WebClient admin;
    /** The local engine's answer for the receipt: the shape every cloud answer must have. */
    private JsonObject local;

    /** Every cloud entry points at a fake; the faulty ones carry the protection settings their tests need. */
    private String policy(Path azureKeyFile, Path serviceAccountFile) {
        String docaiEntry = """
                "kind": "document-ai", "endpoint": "%s", "project": "receipts-test", "location": "us",
                "processor": "ocr-receipts", "credentials": "file:%s\"""".formatted(docai.endpoint(),
                serviceAccountFile);
        return """
                {"providers": {
                   "onnx:ppocr-v4": {"kind": "onnx", "model": "ppocr-v4"},
                   "textract:fake": {"kind": "textract", "region": "us-east-1", "endpoint": "%1$s"},
                   "textract:budget": {"kind": "textract", "region": "us-east-1", "endpoint": "%1$s",
                                       "maxRetries": 3, "backoff": {"baseMs": 10, "maxMs": 20},
                                       "retryBudget": {"ratio": 0, "initialTokens": 1, "maxTokens": 1}},
                   "azure:fake": {"kind": "azure-di", "endpoint": "%2$s", "key": "file:%3$s",
                                  "model": "prebuilt-read"},
                   "azure:flaky": {"kind": "azure-di", "endpoint": "%2$s", "key": "file:%3$s",
                                   "model": "prebuilt-read", "maxRetries": 0,
                                   "breaker": {"failureThreshold": 3, "resetTimeoutMs": 1500, "windowMs": 10000}},
                   "docai:fake": {%4$s},
                   "docai:slow": {%4$s, "timeoutMs": 2500, "maxRetries": 1,
                                  "backoff": {"baseMs": 10, "maxMs": 20},
                                  "retryBudget": {"ratio": 0.1, "initialTokens": 10, "maxTokens": 10},
                                  "breaker": {"failureThreshold": 20}}
                 },
                 "routes": [
                   %5$s, %6$s, %7$s, %8$s, %9$s, %10$s, %11$s,
                   {"name": "local", "match": {},
                    "variants": [{"name": "local", "provider": "onnx:ppocr-v4", "weight": 100}]}
                 ]}
                """.formatted(textract.endpoint(), azure.endpoint(), azureKeyFile, docaiEntry,
                route("textract", "textract:fake", false), route("azure", "azure:fake", false),
                route("docai", "docai:fake", false), route("textract-budget", "textract:budget", false),
                route("azure-flaky", "azure:flaky", true), route("docai-slow", "docai:slow", false),
                route("docai-slow-fallback", "docai:slow", true));
    }

    /** A route chosen by {@code X-Engine: engine}, served by {@code provider}, the local engine as fallback. */
    private static String route(String engine, String provider, boolean fallback) {
        return """
                {"name": "%1$s", "match": {"header": {"X-Engine": ["%1$s"]}},
                 "variants": [{"name": "cloud", "provider": "%2$s", "weight": 100}]%3$s}"""
                .formatted(engine, provider, fallback ? ", \"fallback\": [\"onnx:ppocr-v4\"]" : "");
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        logs = new CapturedLogs();
        // The AWS SDK's default credentials chain reads these first; the fake checks the signature's shape only.
        for (String p : AWS_PROPERTIES) {
            savedProperties.put(p, System.getProperty(p));
        }
        System.setProperty("aws.accessKeyId", AWS_KEY_ID);
        System.setProperty("aws.secretAccessKey", AWS_SECRET);

        serviceAccount = ServiceAccountKeys.generate("ocr@receipts-test.iam.gserviceaccount.com", "receipts-test");
        textract = TextractFake.start(vertx).await(10, TimeUnit.SECONDS).acceptKey(AWS_KEY_ID, AWS_SECRET);
        // No wait between the analyze request and its polls: the tests time the gateway, not the fake's pacing.
        azure = AzureDiFake.start(vertx, AZURE_KEY).await(10, TimeUnit.SECONDS).retryAfterSeconds(0);
        docai = DocumentAiFake.start(vertx, serviceAccount).await(10, TimeUnit.SECONDS);

        Path azureKey = Files.writeString(dir.resolve("azure-di.key"), AZURE_KEY + "\n");
        Path saJson = Files.writeString(dir.resolve("sa.json"), serviceAccount.json(docai.tokenUri()));
        Path policyFile = Files.writeString(dir.resolve("routing.json"), policy(azureKey, saJson));

        GatewayConfig config = GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0).withAdminPort(0)
                .withPools(new GatewayConfig.Pools(2, 8, 2, 8)).withRequestTimeout(DEADLINE)
                .withAdminToken(ADMIN_TOKEN).withPolicyFile(policyFile)
                // The fakes listen on loopback over http; the keys are files in this test's directory.
                .withProviderSafety(ProviderSafety.defaults().withLoopback(true).withSecretDir(dir));
        gateway = ReadyGateway.start(vertx, config);
        api = gateway.api;
        admin = gateway.admin;

        HttpResponse<Buffer> r = analyze(null, Fixtures.receiptJpeg(), "image/jpeg");
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals("onnx:ppocr-v4", r.getHeader("X-Provider"));
        local = r.bodyAsJsonObject();
    }

    @AfterEach
    void clearFaults() {
        textract.faults().reset();
        azure.faults().reset();
        azure.pollFaults().reset();
        docai.faults().reset();
        docai.tokenFaults().reset();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
            vertx.close().await(10, TimeUnit.SECONDS);
        } finally {
            savedProperties.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
            if (logs != null) {
                logs.close();
            }
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"textract, textract:fake, textract", "azure, azure:fake, azure-di",
            "docai, docai:fake, document-ai"})
    void each_cloud_provider_reads_the_receipt_into_the_local_engines_shape(String engine, String provider,
                                                                             String kind) throws Exception {
        IntSupplier fakeCalls = switch (engine) {
            case "textract" -> () -> textract.calls().size();
            case "azure" -> azure::analyzeCalls;
            default -> () -> docai.calls().size();
        };
        int callsBefore = fakeCalls.getAsInt();

        HttpResponse<Buffer> r = analyze(engine, Fixtures.receiptJpeg(), "image/jpeg");

        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(provider, r.getHeader("X-Provider"));
        JsonObject body = r.bodyAsJsonObject();
        assertEquals(local.fieldNames(), body.fieldNames(), "top-level keys differ from the local engine's");
        assertEquals(engine, body.getString("route"));
        assertEquals("cloud", body.getString("variant"));
        assertNull(body.getString("fallbackFrom"));
        JsonObject info = body.getJsonObject("provider");
        assertEquals(local.getJsonObject("provider").fieldNames(), info.fieldNames());
        assertEquals(provider, info.getString("id"));
        assertEquals(kind, info.getString("kind"));
        assertFalse(info.getString("model", "").isBlank(), info.encode());
        assertFalse(info.getString("version", "").isBlank(), info.encode());
        assertFalse(body.getString("content").isBlank());

        assertSameShape(local.getJsonArray("pages"), body.getJsonArray("pages"));
        assertEquals(callsBefore + 1, fakeCalls.getAsInt(), "the fake saw one call");
        switch (engine) {
            case "textract" -> {
                TextractCall call = textract.calls().get(textract.calls().size() - 1);
                assertEquals("Textract.DetectDocumentText", call.target());
                assertEquals("us-east-1", call.region());
                assertEquals(AWS_KEY_ID, call.accessKeyId());
                assertEquals(TextractFake.sha256(Fixtures.receiptJpeg()), call.documentSha256(),
                        "the JPEG goes as the caller sent it, byte for byte");
            }
            case "azure" -> {
                var call = azure.lastAnalyze().orElseThrow();
                assertTrue(call.path().endsWith("/prebuilt-read:analyze"), call.path());
                assertEquals("image/jpeg", call.contentType());
                assertEquals(Fixtures.receiptJpeg().length, call.bodyBytes());
            }
            default -> {
                DocumentAiCall call = docai.calls().get(docai.calls().size() - 1);
                assertEquals("receipts-test", call.project());
                assertEquals("ocr-receipts", call.processor());
                assertEquals("image/jpeg", call.mimeType());
                assertEquals(Fixtures.receiptJpeg().length, call.documentBytes());
            }
        }
    }

    /** Same page, line and word structure as the local engine's pages, in pixels of the 463×1013 receipt. */
    private static void assertSameShape(JsonArray expectedPages, JsonArray pages) {
        assertEquals(expectedPages.size(), pages.size());
        assertEquals(1, pages.size());
        JsonObject expected = expectedPages.getJsonObject(0);
        JsonObject page = pages.getJsonObject(0);
        assertEquals(expected.fieldNames(), page.fieldNames(), "page keys");
        assertEquals(1, page.getInteger("pageNumber"));
        assertEquals(RECEIPT_WIDTH, page.getInteger("width"));
        assertEquals(RECEIPT_HEIGHT, page.getInteger("height"));
        assertEquals(expected.getString("unit"), page.getString("unit"));
        JsonObject expectedLine = expected.getJsonArray("lines").getJsonObject(0);
        JsonObject expectedWord = expectedLine.getJsonArray("words").getJsonObject(0);
        JsonArray lines = page.getJsonArray("lines");
        assertTrue(lines.size() >= 3, "only " + lines.size() + " lines");
        int words = 0;
        for (Object l : lines) {
            JsonObject line = (JsonObject) l;
            assertEquals(expectedLine.fieldNames(), line.fieldNames(), "line keys of " + line.encode());
            assertFalse(line.getString("text").isBlank());
            assertConfidence(line);
            assertPixelPolygon(line);
            assertFalse(line.getJsonArray("words").isEmpty(), "a line without words: " + line.encode());
            for (Object w : line.getJsonArray("words")) {
                JsonObject word = (JsonObject) w;
                assertEquals(expectedWord.fieldNames(), word.fieldNames(), "word keys of " + word.encode());
                assertTrue(line.getString("text").contains(word.getString("text")), word.encode());
                assertConfidence(word);
                assertPixelPolygon(word);
                words++;
            }
        }
        assertTrue(words >= lines.size());
    }

    private static void assertConfidence(JsonObject element) {
        double c = element.getDouble("confidence");
        assertTrue(c > 0 && c <= 1, "confidence " + c + " of " + element.encode());
    }

    /** Four corners, eight numbers, inside the page and not all in its top-left corner (ratios, not pixels). */
    private static void assertPixelPolygon(JsonObject element) {
        JsonArray polygon = element.getJsonArray("polygon");
        assertEquals(8, polygon.size(), element.encode());
        double maxX = 0;
        double maxY = 0;
        for (int i = 0; i < 8; i += 2) {
            double x = polygon.getDouble(i);
            double y = polygon.getDouble(i + 1);
            assertTrue(x >= 0 && x <= RECEIPT_WIDTH && y >= 0 && y <= RECEIPT_HEIGHT, element.encode());
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }
        assertTrue(maxX > 1 && maxY > 1, "polygon in ratios, not pixels: " + element.encode());
    }

    @Test
    void a_throttling_textract_is_retried_after_its_retry_after_and_never_beyond_its_retry_budget()
            throws Exception {
        // textract:budget: maxRetries 3, but a budget of one token that calls do not refill (ratio 0).
        JsonObject before = resilience("textract:budget");
        int callsBefore = textract.calls().size();
        textract.faults().throttleNext(1, Duration.ofSeconds(1));
        List<Long> arrivals = new CopyOnWriteArrayList<>(); // written on the event loop, read here
        long watch = vertx.setPeriodic(5, id -> {
            while (arrivals.size() < textract.calls().size() - callsBefore) {
                arrivals.add(System.nanoTime());
            }
        });
        HttpResponse<Buffer> retried;
        try {
            retried = analyze("textract-budget", RoutedGateway.TINY_PNG, "image/png");
            vertx.timer(20, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS); // one more look for the watch
        } finally {
            vertx.cancelTimer(watch);
        }

        assertEquals(200, retried.statusCode(), retried.bodyAsString());
        assertEquals("textract:budget", retried.getHeader("X-Provider"));
        assertEquals(2, textract.calls().size() - callsBefore, "one throttled attempt and one retry");
        assertEquals(2, arrivals.size());
        long retryDelayMs = TimeUnit.NANOSECONDS.toMillis(arrivals.get(1) - arrivals.get(0));
        // Both arrivals are seen by a 5 ms watch, so the measured gap may be short of the real one by that much.
        assertTrue(retryDelayMs >= 1000 - 10, "retried " + retryDelayMs + " ms after a Retry-After of 1 s");
        JsonObject afterRetry = resilience("textract:budget");
        assertEquals(1, afterRetry.getLong("retries") - before.getLong("retries"));

        // The budget's one token is spent: still throttled, the call ends at once, without a retry.
        textract.faults().throttleNext(10, Duration.ofSeconds(1));
        int callsBeforeSpent = textract.calls().size();
        long sent = System.nanoTime();
        HttpResponse<Buffer> throttled = analyze("textract-budget", RoutedGateway.TINY_PNG, "image/png");
        long throttledMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);

        assertEquals(429, throttled.statusCode(), throttled.bodyAsString());
        assertEquals("provider_throttled", errorCode(throttled));
        assertEquals("1", throttled.getHeader("Retry-After"));
        assertEquals(1, textract.calls().size() - callsBeforeSpent, "a retry beyond the budget");
        assertTrue(throttledMs < 1000, "waited " + throttledMs + " ms for a retry it had no token for");

        JsonObject after = resilience("textract:budget");
        assertEquals(afterRetry.getLong("retries"), after.getLong("retries"));
        assertEquals(before.getLong("retryBudgetRefusals") + 1, after.getLong("retryBudgetRefusals"));
        // Over the run: retries ≤ initialTokens + ratio × calls = 1, and every attempt reached the fake.
        assertTrue(after.getLong("retries") <= 1, after.encode());
        assertEquals(2, after.getLong("calls") - before.getLong("calls"));
        assertEquals(textract.calls().size() - callsBefore, after.getLong("calls") + after.getLong("retries")
                - before.getLong("calls") - before.getLong("retries"));
        System.out.printf("textract throttled: retry %d ms after Retry-After 1 s; spent budget answered 429 in "
                + "%d ms; fake calls %d for 2 requests; stats %s%n", retryDelayMs, throttledMs,
                textract.calls().size() - callsBefore, after.encode());
    }

    @Test
    void a_failing_azure_opens_its_breaker_at_the_threshold_the_local_engine_serves_and_a_trial_closes_it()
            throws Exception {
        // azure:flaky: no retries, the circuit opens at 3 failures and tries again after 1.5 s.
        azure.faults().failNext(100);
        int callsBefore = azure.analyzeCalls();
        for (int i = 1; i <= 3; i++) {
            assertServedByFallback(analyze("azure-flaky", RoutedGateway.TINY_PNG, "image/png"), "azure:flaky");
            assertEquals(i, azure.analyzeCalls() - callsBefore);
            assertEquals(i < 3 ? "CLOSED" : "OPEN", breakerState("azure:flaky"), "after failure " + i);
        }
        long opened = System.nanoTime();

        HttpResponse<Buffer> shortCircuited = analyze("azure-flaky", Fixtures.receiptJpeg(), "image/jpeg");
        assertServedByFallback(shortCircuited, "azure:flaky");
        assertSameShape(local.getJsonArray("pages"), shortCircuited.bodyAsJsonObject().getJsonArray("pages"));
        assertEquals(3, azure.analyzeCalls() - callsBefore, "an open circuit let a call through");
        JsonObject open = resilience("azure:flaky");
        assertTrue(open.getLong("shortCircuited") >= 1, open.encode());

        azure.faults().reset();
        String state = breakerState("azure:flaky");
        while (!state.equals("HALF_OPEN")) {
            assertEquals("OPEN", state);
            assertTrue(System.nanoTime() - opened < TimeUnit.SECONDS.toNanos(5), "still open after 5 s");
            vertx.timer(50, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
            state = breakerState("azure:flaky");
        }
        long halfOpenMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
        // Counted from the third answer, which comes a little after the circuit opened.
        assertTrue(halfOpenMs >= 1000, "half-open after " + halfOpenMs + " ms of a 1.5 s reset timeout");

        HttpResponse<Buffer> trial = analyze("azure-flaky", RoutedGateway.TINY_PNG, "image/png");
        assertEquals(200, trial.statusCode(), trial.bodyAsString());
        assertEquals("azure:flaky", trial.getHeader("X-Provider"));
        assertNull(trial.bodyAsJsonObject().getString("fallbackFrom"));
        assertEquals("CLOSED", breakerState("azure:flaky"));
        assertEquals(4, azure.analyzeCalls() - callsBefore);
        System.out.printf("azure down: OPEN after 3 failed calls, HALF_OPEN %d ms after opening, trial closed it; "
                + "stats %s%n", halfOpenMs, resilience("azure:flaky").encode());
    }

    private static void assertServedByFallback(HttpResponse<Buffer> r, String failed) {
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals("onnx:ppocr-v4", r.getHeader("X-Provider"));
        assertEquals(failed, r.bodyAsJsonObject().getString("fallbackFrom"));
    }

    @Test
    void a_hanging_document_ai_without_fallback_ends_at_the_request_deadline_with_504() throws Exception {
        docai.faults().latency(DEADLINE.multipliedBy(3));
        long sent = System.nanoTime();
        HttpResponse<Buffer> r = analyze("docai-slow", RoutedGateway.TINY_PNG, "image/png");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);

        assertEquals(504, r.statusCode(), r.bodyAsString());
        assertTrue(Set.of("timeout", "provider_timeout").contains(errorCode(r)), r.bodyAsString());
        // One 2.5 s attempt, then a retry cut by the 4 s deadline.
        assertTrue(elapsedMs >= DEADLINE.toMillis() - 100, "ended after " + elapsedMs + " ms, before the deadline");
        assertTrue(elapsedMs <= DEADLINE.plus(SLACK).toMillis(), "ended after " + elapsedMs + " ms");
        assertTrue(resilience("docai:slow").getLong("retries") >= 1);
        System.out.printf("docai hanging, no fallback: 504 %s after %d ms (deadline %d ms)%n", errorCode(r),
                elapsedMs, DEADLINE.toMillis());
    }

    @Test
    void a_hanging_document_ai_with_fallback_is_answered_by_the_local_engine_within_the_deadline()
            throws Exception {
        docai.faults().latency(DEADLINE.multipliedBy(3));
        long sent = System.nanoTime();
        HttpResponse<Buffer> r = analyze("docai-slow-fallback", RoutedGateway.TINY_PNG, "image/png");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);

        assertServedByFallback(r, "docai:slow");
        // The primary may spend 70% of the deadline, leaving the rest to the fallback.
        assertTrue(elapsedMs >= 2500 - 100, "the primary gave up after " + elapsedMs + " ms");
        assertTrue(elapsedMs < DEADLINE.toMillis(), "answered after " + elapsedMs + " ms");
        System.out.printf("docai hanging, fallback: 200 from onnx:ppocr-v4 after %d ms (deadline %d ms)%n",
                elapsedMs, DEADLINE.toMillis());
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void no_key_token_or_secret_value_appears_in_the_logs() throws Exception {
        // One more call per provider, so the last calls of each are in the logs too.
        for (String engine : List.of("textract", "azure", "docai")) {
            assertEquals(200, analyze(engine, RoutedGateway.TINY_PNG, "image/png").statusCode());
        }
        String text = logs.text();
        assertTrue(text.contains("ready: routing policy version"), "nothing captured");
        List<String> secrets = new ArrayList<>(List.of(ADMIN_TOKEN, AWS_SECRET, AZURE_KEY));
        String privateKey = Base64.getEncoder().encodeToString(serviceAccount.keys().getPrivate().getEncoded());
        for (int i = 0; i + 32 <= privateKey.length(); i += 256) {
            secrets.add(privateKey.substring(i, i + 32));
        }
        docai.calls().stream().map(DocumentAiCall::accessToken).distinct().forEach(secrets::add);
        assertTrue(docai.calls().size() >= 2 && secrets.size() > 5);
        for (String secret : secrets) {
            assertNotNull(secret);
            assertFalse(text.contains(secret), "a secret value is in the logs: " + secret.substring(0, 6) + "…");
        }
    }

    private HttpResponse<Buffer> analyze(String engine, byte[] document, String contentType) throws Exception {
        var request = api.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", contentType);
        if (engine != null) {
            request.putHeader("X-Engine", engine);
        }
        return request.sendBuffer(Buffer.buffer(document)).await(60, TimeUnit.SECONDS);
    }

    private JsonObject resilience(String provider) throws Exception {
        return providerStats(provider).getJsonObject("resilience");
    }

    private String breakerState(String provider) throws Exception {
        return providerStats(provider).getString("breakerState");
    }

    private JsonObject providerStats(String provider) throws Exception {
        HttpResponse<Buffer> r = admin.request(HttpMethod.GET, AdminApi.STATS)
                .putHeader("Authorization", "Bearer " + ADMIN_TOKEN).send().await(10, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject stats = r.bodyAsJsonObject().getJsonObject("providers").getJsonObject(provider);
        assertNotNull(stats, "no stats for " + provider + " in " + r.bodyAsString());
        return stats;
    }

    private static String errorCode(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonObject("error").getString("code");
    }
}
