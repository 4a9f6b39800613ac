package org.freerpacapture.inference.ppocr.runtime;

import org.freerpacapture.ocr.ProviderException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FairQueueTest {

    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    @Test
    void a_tenant_with_a_backlog_is_served_in_turn_with_one_that_just_arrived() {
        FairQueue queue = new FairQueue(16, 2);
        for (int i = 0; i < 6; i++) {
            assertTrue(queue.offer(task("a", "a" + i)));
        }
        queue.poll().run();
        assertTrue(queue.offer(task("b", "b0")));
        queue.poll().run();
        assertEquals(List.of("a0", "b0"), ran, "the newcomer goes next, not after a's five");
        Runnable r;
        while ((r = queue.poll()) != null) {
            r.run();
        }
        assertEquals(List.of("a0", "b0", "a1", "a2", "a3", "a4", "a5"), ran);
    }

    @Test
    void weights_set_how_often_each_line_is_served() {
        FairQueue queue = new FairQueue(64, 4);
        queue.shares(new Shares(Map.of("gold", 3, "tin", 1), 1));
        for (int i = 0; i < 12; i++) {
            queue.offer(task("gold", "g"));
            queue.offer(task("tin", "t"));
        }
        for (int i = 0; i < 16; i++) {
            queue.poll().run();
        }
        String order = String.join("", ran);
        assertEquals(12, order.chars().filter(c -> c == 'g').count(), order);
        assertEquals(4, order.chars().filter(c -> c == 't').count(), order);
    }

    @Test
    void while_another_tenant_is_active_a_busy_one_runs_on_its_part_of_the_threads_only() {
        FairQueue queue = new FairQueue(16, 2);
        for (int i = 0; i < 4; i++) {
            queue.offer(task("a", "a" + i));
        }
        Runnable first = queue.poll();
        Runnable second = queue.poll();
        assertTrue(first != null && second != null, "alone, a runs on both threads");
        queue.offer(task("b", "b0"));
        first.run();
        Runnable next = queue.poll();
        next.run();
        assertEquals(List.of("a0", "b0"), ran, "the thread a freed goes to b");
        assertNull(queue.poll(), "a holds its one thread (second still runs) while b is active");
        second.run();
        Runnable again = queue.poll();
        assertTrue(again != null, "once a's running task ended it may start another");
    }

    @Test
    void a_flooding_tenant_holds_its_share_of_the_places_and_room_stays_for_the_others() {
        FairQueue queue = new FairQueue(8, 2);
        queue.shares(new Shares(Map.of("a", 1, "b", 1), 1));
        int accepted = 0;
        for (int i = 0; i < 8; i++) {
            accepted += queue.offer(task("a", "a" + i)) ? 1 : 0;
        }
        assertEquals(4, accepted, "half of eight places");
        assertTrue(queue.offer(task("b", "b0")));
        assertTrue(queue.offer(task("stranger", "s0")), "a tenant not named gets the default weight's share");
        assertTrue(queue.offer(() -> { }), "lent work belongs to no tenant: only the capacity bounds it");
        assertEquals(7, queue.size());
    }

    @Test
    void without_named_tenants_one_tenant_may_fill_the_queue() {
        FairQueue queue = new FairQueue(4, 2);
        for (int i = 0; i < 4; i++) {
            assertTrue(queue.offer(task("default", "d" + i)));
        }
        assertFalse(queue.offer(task("default", "d4")));
        assertEquals(4, queue.drainTo(new ArrayList<>()));
        assertNull(queue.poll());
    }

    @Test
    void the_pool_refuses_a_tenant_past_its_share_with_its_name_and_serves_the_other_first() throws Exception {
        try (InferencePool pool = new InferencePool("fair-test", 1, 4)) {
            pool.shares(new Shares(Map.of("a", 1, "b", 1), 1));
            CountDownLatch release = new CountDownLatch(1);
            List<String> ran = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch started = new CountDownLatch(1);
            CompletionStage<String> blocker = pool.submit("p", "a", () -> {
                started.countDown();
                await(release);
                return "a-running";
            });
            assertTrue(started.await(5, TimeUnit.SECONDS), "the thread took a's first task");
            List<CompletionStage<String>> queued = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String n = "a" + i;
                queued.add(pool.submit("p", "a", () -> {
                    ran.add(n);
                    return n;
                }));
            }
            CompletionStage<String> refused = pool.submit("p", "a", () -> "never");
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> refused.toCompletableFuture().get(5, TimeUnit.SECONDS));
            ProviderException overloaded = assertInstanceOf(ProviderException.class, e.getCause());
            assertEquals(ProviderException.Kind.OVERLOADED, overloaded.kind());
            assertTrue(overloaded.getMessage().contains("tenant 'a' holds its share"), overloaded.getMessage());
            CompletionStage<String> b = pool.submit("p", "b", () -> {
                ran.add("b0");
                return "b0";
            });
            release.countDown();
            assertEquals("a-running", blocker.toCompletableFuture().get(5, TimeUnit.SECONDS));
            CompletableFuture.allOf(b.toCompletableFuture(), queued.get(0).toCompletableFuture(),
                    queued.get(1).toCompletableFuture()).get(5, TimeUnit.SECONDS);
            assertEquals(List.of("b0", "a0", "a1"), ran, "b waits for the task of a's that runs, not for those queued");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Runnable task(String tenant, String name) {
        return new FairQueue.Tagged(tenant, () -> ran.add(name));
    }
}
