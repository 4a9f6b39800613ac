package org.freerpacapture.adapters.resilience;

import io.vertx.core.Vertx;
import org.freerpacapture.ocr.Deadline;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.ProviderException;
import org.freerpacapture.ocr.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResilientProviderTest {

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private static OcrRequest request(Duration budget) {
        return new OcrRequest("req-1", Task.DOCUMENT, new Document(new byte[]{1}, "image/png", List.of()), Set.of(),
                Deadline.after(budget));
    }

    private static ResilienceOptions options() {
        return ResilienceOptions.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
                .withRetryBudget(0.1, 10, 10);
    }

    private static OcrResult await(CompletionStage<OcrResult> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static ProviderException failure(CompletionStage<OcrResult> stage) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
        return assertInstanceOf(ProviderException.class, e.getCause());
    }

    @Test
    void should_retry_a_throttled_call_no_sooner_than_its_retry_after() throws Exception {
        ScriptedProvider raw = new ScriptedProvider()
                .failing(ProviderCallException.throttled("slow down", Duration.ofMillis(400)))
                .succeeding();
        ResilientProvider p = new ResilientProvider(vertx, raw, options());

        long start = System.nanoTime();
        await(p.analyze(request(Duration.ofSeconds(5))));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(2, raw.attemptCount());
        assertTrue(elapsedMs >= 400, "retried after " + elapsedMs + " ms");
        assertEquals(1, p.stats().retries());
        assertEquals(1, p.stats().successes());
    }

    @Test
    void should_answer_throttled_at_once_when_retry_after_exceeds_the_deadline() {
        ScriptedProvider raw = new ScriptedProvider()
                .failing(ProviderCallException.throttled("slow down", Duration.ofSeconds(7)));
        ResilientProvider p = new ResilientProvider(vertx, raw, options());

        long start = System.nanoTime();
        ProviderException e = failure(p.analyze(request(Duration.ofSeconds(2))));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(ProviderException.Kind.THROTTLED, e.kind());
        assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
        assertEquals(1, raw.attemptCount());
        assertTrue(elapsedMs < 1000, "waited " + elapsedMs + " ms instead of answering");
    }

    @Test
    void should_not_retry_a_rejected_document_and_pass_the_providers_message() {
        ScriptedProvider raw = new ScriptedProvider()
                .failing(ProviderCallException.rejected("The file is corrupted or format is unsupported."));
        ResilientProvider p = new ResilientProvider(vertx, raw, options());

        ProviderException e = failure(p.analyze(request(Duration.ofSeconds(2))));

        assertEquals(ProviderException.Kind.REJECTED, e.kind());
        assertEquals("The file is corrupted or format is unsupported.", e.getMessage());
        assertEquals(1, raw.attemptCount());
        assertEquals(1L, p.stats().failures().get(ProviderException.Kind.REJECTED));
    }

    @Test
    void should_stop_after_max_retries() {
        ScriptedProvider raw = new ScriptedProvider().thenAlways(
                r -> CompletableFuture.failedFuture(ProviderCallException.unavailable("HTTP 503", null, null)));
        ResilientProvider p = new ResilientProvider(vertx, raw, options().withMaxRetries(2));

        ProviderException e = failure(p.analyze(request(Duration.ofSeconds(5))));

        assertEquals(ProviderException.Kind.UNAVAILABLE, e.kind());
        assertEquals(3, raw.attemptCount());
    }

    @Test
    void should_keep_retries_within_a_tenth_of_calls() throws Exception {
        ScriptedProvider raw = new ScriptedProvider().thenAlways(
                r -> CompletableFuture.failedFuture(ProviderCallException.unavailable("HTTP 500", null, null)));
        ResilienceOptions opts = options().withRetryBudget(0.1, 0, 10).withMaxRetries(3)
                .withBreaker(10_000, Duration.ofSeconds(30));
        ResilientProvider p = new ResilientProvider(vertx, raw, opts);

        int calls = 50;
        for (int i = 0; i < calls; i++) {
            failure(p.analyze(request(Duration.ofSeconds(5))));
        }
        ResilienceStats stats = p.stats();

        assertEquals(5, stats.retries(), "0.1 token per call, one per retry");
        assertEquals(calls + stats.retries(), raw.attemptCount());
        assertEquals(calls, stats.retryBudgetRefusals(), "every call ends wanting a retry the budget cannot pay");
        assertEquals(calls, stats.failures().get(ProviderException.Kind.UNAVAILABLE));
    }

    @Test
    void should_open_the_circuit_after_the_threshold_and_half_open_after_the_reset_timeout() throws Exception {
        ScriptedProvider raw = new ScriptedProvider()
                .failing(ProviderCallException.unavailable("HTTP 500", null, null))
                .failing(ProviderCallException.unavailable("HTTP 500", null, null))
                .failing(ProviderCallException.unavailable("HTTP 500", null, null))
                .succeeding();
        ResilientProvider p = new ResilientProvider(vertx, raw,
                options().withMaxRetries(0).withBreaker(3, Duration.ofMillis(300)));

        for (int i = 0; i < 3; i++) {
            failure(p.analyze(request(Duration.ofSeconds(2))));
        }
        assertEquals(ResilienceStats.BreakerState.OPEN, p.stats().breakerState());

        ProviderException refused = failure(p.analyze(request(Duration.ofSeconds(2))));
        assertEquals(ProviderException.Kind.UNAVAILABLE, refused.kind());
        assertTrue(refused.getMessage().contains("circuit is open"), refused.getMessage());
        assertTrue(refused.retryAfter().isPresent());
        assertEquals(3, raw.attemptCount(), "an open circuit does not reach the provider");
        assertEquals(1, p.stats().shortCircuited());

        awaitState(p, ResilienceStats.BreakerState.HALF_OPEN, Duration.ofSeconds(3));
        await(p.analyze(request(Duration.ofSeconds(2))));
        assertEquals(ResilienceStats.BreakerState.CLOSED, p.stats().breakerState());
        assertEquals(4, raw.attemptCount());
    }

    @Test
    void should_not_open_the_circuit_for_throttling_or_rejections() {
        ScriptedProvider raw = new ScriptedProvider().thenAlways(
                r -> CompletableFuture.failedFuture(ProviderCallException.rejected("bad document")));
        ResilientProvider p = new ResilientProvider(vertx, raw, options().withBreaker(2, Duration.ofSeconds(30)));

        for (int i = 0; i < 5; i++) {
            failure(p.analyze(request(Duration.ofSeconds(2))));
        }

        assertEquals(ResilienceStats.BreakerState.CLOSED, p.stats().breakerState());
        assertEquals(5, raw.attemptCount());
    }

    @Test
    void should_fail_a_hanging_provider_with_timeout_at_the_request_deadline() {
        ScriptedProvider raw = new ScriptedProvider().thenAlways(r -> new CompletableFuture<>());
        ResilientProvider p = new ResilientProvider(vertx, raw, options());

        long start = System.nanoTime();
        ProviderException e = failure(p.analyze(request(Duration.ofMillis(400))));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(ProviderException.Kind.TIMEOUT, e.kind());
        assertTrue(elapsedMs >= 390 && elapsedMs < 1500, "timed out after " + elapsedMs + " ms");
        assertEquals(0, p.stats().inFlight());
    }

    @Test
    void should_give_each_attempt_its_own_timeout_and_retry_within_the_deadline() throws Exception {
        ScriptedProvider raw = new ScriptedProvider().hanging().succeeding();
        ResilientProvider p = new ResilientProvider(vertx, raw,
                options().withAttemptTimeout(Duration.ofMillis(150)));

        await(p.analyze(request(Duration.ofSeconds(3))));

        assertEquals(2, raw.attemptCount());
        Duration firstAttemptBudget = raw.attempts.get(0).deadline().remaining();
        assertTrue(firstAttemptBudget.toMillis() <= 150, "the adapter sees the attempt's deadline");
        assertEquals(1, p.stats().retries());
    }

    @Test
    void should_refuse_at_once_past_the_concurrency_cap() {
        ScriptedProvider raw = new ScriptedProvider().thenAlways(r -> new CompletableFuture<>());
        ResilientProvider p = new ResilientProvider(vertx, raw, options().withMaxConcurrency(2));

        p.analyze(request(Duration.ofSeconds(5)));
        p.analyze(request(Duration.ofSeconds(5)));
        long start = System.nanoTime();
        ProviderException e = failure(p.analyze(request(Duration.ofSeconds(5))));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(ProviderException.Kind.UNAVAILABLE, e.kind());
        assertEquals(Duration.ofSeconds(1), e.retryAfter().orElseThrow());
        assertTrue(elapsedMs < 500);
        ResilienceStats stats = p.stats();
        assertEquals(2, stats.inFlight());
        assertEquals(1, stats.concurrencyRefusals());
        assertEquals(2, raw.attemptCount());
    }

    @Test
    void should_read_unknown_failures_as_unavailable_and_count_every_call_once() {
        ScriptedProvider raw = new ScriptedProvider().thenAlways(
                r -> CompletableFuture.failedFuture(new IllegalStateException("parser bug")));
        ResilientProvider p = new ResilientProvider(vertx, raw, options());

        ProviderException e = failure(p.analyze(request(Duration.ofSeconds(2))));

        assertEquals(ProviderException.Kind.UNAVAILABLE, e.kind());
        assertEquals(1, raw.attemptCount(), "an unknown failure is not retried");
        ResilienceStats s = p.stats();
        assertEquals(s.calls(), s.successes() + s.failureCount() + s.inFlight());
    }

    private static void awaitState(ResilientProvider p, ResilienceStats.BreakerState state, Duration within)
            throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (p.stats().breakerState() != state && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(state, p.stats().breakerState());
    }
}
