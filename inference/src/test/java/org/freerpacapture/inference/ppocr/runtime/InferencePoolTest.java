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
    void the_retry_hint_is_the_time_the_queued_work_needs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (InferencePool pool = new InferencePool("test-pool", 1, 2)) {
            for (int i = 0; i < 2; i++) {
                pool.submit("p", () -> sleep(1100)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
            pool.submit("p", () -> await(release));
            while (pool.active() == 0 || pool.queueDepth() > 0) {
                Thread.onSpinWait();
            }
            pool.submit("p", () -> await(release));
            pool.submit("p", () -> await(release));
            var refused = pool.submit("p", () -> "never");
            ProviderException pe = (ProviderException) assertThrows(CompletionException.class,
                    () -> refused.toCompletableFuture().join()).getCause();
            // Two waiting and the refused one, each as long as the tasks timed above, on one thread.
            assertEquals(Duration.ofSeconds(4), pe.retryAfter().orElseThrow());
            release.countDown();
        }
    }

    private static String sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "slept";
    }

    @Test
    void work_past_the_queue_capacity_is_refused_at_once_with_a_retry_hint() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (InferencePool pool = new InferencePool("test-pool", 1, 1)) {
            CountDownLatch started = new CountDownLatch(1);
            var running = pool.submit("p", () -> {
                started.countDown();
                return await(release);
            });
            assertTrue(started.await(5, TimeUnit.SECONDS), "a thread took the first task");
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
