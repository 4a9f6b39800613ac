package org.freerpacapture.inference.ppocr.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QueueWaitTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void before_any_task_has_run_a_second_is_asked() {
        assertEquals(Duration.ofSeconds(1), new QueueWait(2).retryAfter(40));
    }

    @Test
    void the_wait_is_the_queued_work_shared_by_the_threads() {
        QueueWait wait = new QueueWait(2);
        for (int i = 0; i < 50; i++) {
            wait.record(2 * SECOND);
        }
        // Ten tasks of two seconds ahead, two threads: ten seconds.
        assertEquals(Duration.ofSeconds(10), wait.retryAfter(10));
        assertEquals(Duration.ofSeconds(1), wait.retryAfter(1));
    }

    @Test
    void the_mean_follows_recent_tasks_and_the_wait_stays_within_a_minute() {
        QueueWait wait = new QueueWait(1);
        wait.record(SECOND / 10);
        for (int i = 0; i < 200; i++) {
            wait.record(30 * SECOND);
        }
        assertEquals(Duration.ofSeconds(60), wait.retryAfter(100));
        assertEquals(Duration.ofSeconds(30), wait.retryAfter(1));
    }
}
