package org.freerpacapture.inference.ppocr.runtime;

import org.freerpacapture.ocr.ProviderException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class InferencePoolTest {

    @Test
    void work_past_the_queue_capacity_is_refused_at_once_with_a_retry_hint() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (InferencePool pool = new InferencePool("test-pool", 1, 1)) {
            var running = pool.submit("p", () -> await(release));
            var queued = pool.submit("p", () -> await(release));
            long t0 = System.nanoTime();
            var refused = pool.submit("p", () -> "never");
            assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(100));
            CompletionException e = assertThrows(CompletionException.class, () -> refused.toCompletableFuture().join());
            ProviderException pe = (ProviderException) e.getCause();
            assertEquals(ProviderException.Kind.OVERLOADED, pe.kind());
            assertEquals(Duration.ofSeconds(1), pe.retryAfter().orElseThrow());
            assertEquals(1, pool.queueDepth());
            release.countDown();
            assertEquals("done", running.toCompletableFuture().get(5, TimeUnit.SECONDS));
            assertEquals("done", queued.toCompletableFuture().get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void threads_carry_the_pool_name() throws Exception {
        try (InferencePool pool = new InferencePool("ppocr-inference", 1, 4)) {
            String name = pool.submit("p", () -> Thread.currentThread().getName()).toCompletableFuture().get();
            assertTrue(name.startsWith("ppocr-inference-"), name);
        }
    }

    private static String await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "done";
    }
}
