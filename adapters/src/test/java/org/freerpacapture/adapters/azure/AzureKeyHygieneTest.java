package org.freerpacapture.adapters.azure;

import io.vertx.core.Vertx;
import org.freerpacapture.adapters.FakeSafety;
import org.freerpacapture.adapters.CapturedLogs;
import org.freerpacapture.adapters.ProviderFactory;
import org.freerpacapture.adapters.resilience.ResilientProvider;
import org.freerpacapture.fakes.azure.AzureDiFake;
import org.freerpacapture.ocr.OcrResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.freerpacapture.adapters.azure.AzureTestDocuments.png;
import static org.freerpacapture.adapters.azure.AzureTestDocuments.request;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The subscription key must not appear in any log line or error message, whatever goes wrong. */
class AzureKeyHygieneTest {

    private static final String KEY = "k3y-that-must-never-leak-5c1e";
    private static final String WRONG_KEY = "wr0ng-key-that-must-never-leak-9d2f";

    private Vertx vertx;
    private AzureDiFake fake;
    private CapturedLogs logs;
    private final List<String> texts = new ArrayList<>();

    @BeforeEach
    void start() {
        logs = new CapturedLogs();
        vertx = Vertx.vertx();
        fake = AzureDiFake.start(vertx, KEY).await().retryAfterSeconds(0);
    }

    @AfterEach
    void stop() {
        logs.close();
        fake.close().await();
        vertx.close().await();
    }

    private ResilientProvider provider(Path dir, String key) throws Exception {
        Path file = Files.createTempFile(dir, "key", "");
        Files.writeString(file, key);
        return new ProviderFactory(vertx).withSafety(FakeSafety.RULES).create("azure:hygiene", Map.of("kind", "azure-di",
                "endpoint", fake.endpoint(), "key", "file:" + file, "maxRetries", 1,
                "backoff", Map.of("baseMs", 5, "maxMs", 10), "retryBudget", Map.of("initialTokens", 10),
                "breaker", Map.of("failureThreshold", 100)));
    }

    private void collect(CompletionStage<OcrResult> stage) {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                texts.add(String.valueOf(t));
            }
        }
    }

    @Test
    void should_keep_the_key_out_of_logs_and_errors_whatever_fails(@TempDir Path dir) throws Exception {
        ResilientProvider good = provider(dir, KEY);
        ResilientProvider wrong = provider(dir, WRONG_KEY);

        collect(good.analyze(request(png(200, 100), Duration.ofSeconds(5))));
        collect(wrong.analyze(request(png(200, 100), Duration.ofSeconds(5))));
        fake.faults().throttleNext(2, Duration.ZERO);
        collect(good.analyze(request(png(200, 100), Duration.ofSeconds(5))));
        fake.faults().failNext(2);
        collect(good.analyze(request(png(200, 100), Duration.ofSeconds(5))));
        fake.faults().dropNext(2);
        collect(good.analyze(request(png(200, 100), Duration.ofSeconds(5))));
        fake.pollFaults().malformedNext(1);
        collect(good.analyze(request(png(200, 100), Duration.ofSeconds(5))));
        fake.endlessRunning(true);
        collect(good.analyze(request(png(200, 100), Duration.ofMillis(300))));
        texts.add(good.toString());
        texts.add(good.raw().toString());
        texts.add(good.stats().toString());
        good.close();
        wrong.close();

        assertTrue(logs.events() > 0, "log output was captured");
        texts.add(logs.text());
        assertTrue(texts.size() > 7, "failures were collected: " + texts);
        assertTrue(texts.stream().anyMatch(t -> t.contains("401")), "the wrong key was refused");
        for (String text : texts) {
            assertFalse(text.contains(KEY), "key leaked: " + text);
            assertFalse(text.contains(WRONG_KEY), "key leaked: " + text);
        }
    }
}
