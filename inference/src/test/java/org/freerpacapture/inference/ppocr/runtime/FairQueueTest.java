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

    @Test
    void a_tenant_with_a_backlog_is_served_in_turn_with_one_that_just_arrived() {
        FairQueue queue = new FairQueue(16);
        for (int i = 0; i < 6; i++) {
            assertTrue(queue.offer(task("a", "a" + i)));
        }
        assertEquals("a0", name(queue.poll()));
        assertTrue(queue.offer(task("b", "b0")));
        assertEquals("b0", name(queue.poll()), "the newcomer goes next, not after a's five");
        List<String> rest = new ArrayList<>();
        Runnable r;
        while ((r = queue.poll()) != null) {
            rest.add(name(r));
        }
        assertEquals(List.of("a1", "a2", "a3", "a4", "a5"), rest);
    }

    @Test
    void weights_set_how_often_each_line_is_served() {
        FairQueue queue = new FairQueue(64);
        queue.shares(new Shares(Map.of("gold", 3, "tin", 1), 1));
        for (int i = 0; i < 12; i++) {
            queue.offer(task("gold", "g"));
            queue.offer(task("tin", "t"));
        }
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            order.append(name(queue.poll()));
        }
        assertEquals(12, order.chars().filter(c -> c == 'g').count(), order.toString());
        assertEquals(4, order.chars().filter(c -> c == 't').count(), order.toString());
    }

    @Test
    void a_flooding_tenant_holds_its_share_of_the_places_and_room_stays_for_the_others() {
        FairQueue queue = new FairQueue(8);
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
        FairQueue queue = new FairQueue(4);
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
            CompletionStage<String> blocker = pool.submit("p", "a", () -> {
                await(release);
                return "a-running";
            });
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
            assertEquals(List.of("a0", "b0", "a1"), ran, "b waits for one of a's, not both");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Runnable task(String tenant, String name) {
        return new FairQueue.Tagged(tenant, new Named(name));
    }

    private static String name(Runnable r) {
        return ((Named) ((FairQueue.Tagged) r).work()).name;
    }

    private record Named(String name) implements Runnable {
        @Override
        public void run() {
        }
    }
}
