package org.freerpacapture.inference.ppocr.runtime;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class BatchFanOutTest {

    @Test
    void without_idle_threads_the_caller_runs_every_task_once() {
        AtomicIntegerArray runs = new AtomicIntegerArray(7);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        BatchFanOut.run(7, i -> {
            runs.incrementAndGet(i);
            threads.add(Thread.currentThread().getName());
        }, IdleThreads.NONE);
        for (int i = 0; i < 7; i++) {
            assertEquals(1, runs.get(i), "task " + i);
        }
        assertEquals(Set.of(Thread.currentThread().getName()), threads);
    }

    @Test
    void an_idle_pool_thread_takes_part_of_the_page() throws Exception {
        try (InferencePool pool = new InferencePool("fan-out-test", 2, 4)) {
            awaitBothThreadsIdle(pool);
            AtomicIntegerArray runs = new AtomicIntegerArray(6);
            Set<String> threads = ConcurrentHashMap.newKeySet();
            // Each task waits until both threads have started one, so the page cannot finish on one thread alone.
            CountDownLatch bothStarted = new CountDownLatch(2);
            pool.submit("test", () -> {
                BatchFanOut.run(6, i -> {
                    runs.incrementAndGet(i);
                    if (threads.add(Thread.currentThread().getName())) {
                        bothStarted.countDown();
                    }
                    await(bothStarted);
                }, pool::lend);
                return null;
            }).toCompletableFuture().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 6; i++) {
                assertEquals(1, runs.get(i), "task " + i);
            }
            assertEquals(2, threads.size(), threads.toString());
            assertTrue(threads.stream().allMatch(name -> name.startsWith("fan-out-test-")), threads.toString());
        }
    }

    @Test
    void a_busy_pool_lends_nothing() throws Exception {
        try (InferencePool pool = new InferencePool("busy-test", 1, 4)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(1);
            var blocker = pool.submit("test", () -> {
                running.countDown();
                await(release);
                return null;
            });
            assertTrue(running.await(5, TimeUnit.SECONDS));
            assertFalse(pool.lend(() -> { }));
            release.countDown();
            blocker.toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_failing_task_fails_the_page_after_the_others_finished() {
        AtomicIntegerArray runs = new AtomicIntegerArray(4);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BatchFanOut.run(4, i -> {
            runs.incrementAndGet(i);
            if (i == 1) {
                throw new IllegalStateException("inference failed in batch 1");
            }
        }, IdleThreads.NONE));
        assertTrue(e.getMessage().contains("batch 1"));
        for (int i = 0; i < 4; i++) {
            assertEquals(1, runs.get(i), "task " + i);
        }
    }

    @Test
    void a_background_page_runs_an_interactive_pages_tasks_between_its_own() throws Exception {
        try (InferencePool pool = new InferencePool("courtesy-test", 2, 4)) {
            awaitBothThreadsIdle(pool);
            AtomicIntegerArray interactiveRuns = new AtomicIntegerArray(6);
            AtomicIntegerArray backgroundRuns = new AtomicIntegerArray(4);
            Set<String> interactiveThreads = ConcurrentHashMap.newKeySet();
            Set<String> backgroundThreads = ConcurrentHashMap.newKeySet();
            CountDownLatch interactiveRunning = new CountDownLatch(1);
            // The background page holds one thread and starts its tasks once the interactive page holds the other,
            // so neither finds an idle thread to borrow.
            var background = pool.submit("test", () -> {
                await(interactiveRunning);
                BatchFanOut.run(4, i -> {
                    backgroundRuns.incrementAndGet(i);
                    backgroundThreads.add(Thread.currentThread().getName());
                }, pool.background());
                return null;
            });
            // Each interactive task waits until another thread has taken one: the page cannot finish unhelped.
            CountDownLatch helped = new CountDownLatch(1);
            var interactive = pool.submit("test", () -> {
                String own = Thread.currentThread().getName();
                BatchFanOut.run(6, i -> {
                    interactiveRuns.incrementAndGet(i);
                    String thread = Thread.currentThread().getName();
                    interactiveThreads.add(thread);
                    if (!thread.equals(own)) {
                        helped.countDown();
                    }
                    interactiveRunning.countDown();
                    await(helped);
                }, pool.interactive());
                return null;
            });
            interactive.toCompletableFuture().get(10, TimeUnit.SECONDS);
            background.toCompletableFuture().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 6; i++) {
                assertEquals(1, interactiveRuns.get(i), "interactive task " + i);
            }
            for (int i = 0; i < 4; i++) {
                assertEquals(1, backgroundRuns.get(i), "background task " + i);
            }
            assertEquals(1, backgroundThreads.size(), backgroundThreads.toString());
            assertEquals(2, interactiveThreads.size(), interactiveThreads.toString());
            assertTrue(interactiveThreads.containsAll(backgroundThreads), interactiveThreads + " " + backgroundThreads);
        }
    }

    /** Both threads started and waiting, as they are long before a gateway's first request. */
    private static void awaitBothThreadsIdle(InferencePool pool) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.idleThreads() < 2 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out waiting for the other thread");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
