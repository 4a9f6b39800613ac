package org.freerpacapture.inference.ppocr.runtime;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs a page's independent tasks (its recognition batches) on the calling thread and on whatever inference
 * threads are idle. With one page in flight its batches spread over the cores while every ONNX Runtime session
 * runs single-threaded, which costs less than splitting each operator across threads; with a page per thread
 * nothing is idle and the caller runs them all, so no page ever waits for another page's work; except that a page
 * nobody waits on interactively (a Kafka record) runs, between its own tasks, those an interactive page could not
 * hand to an idle thread ({@link IdleThreads#between}).
 */
public final class BatchFanOut {
    private BatchFanOut() {
    }

    /** Runs {@code task} for 0 … {@code tasks - 1}, each exactly once; returns when all are done. */
    public static void run(int tasks, IntConsumer task, IdleThreads idle) {
        if (tasks <= 1) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tasks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                try {
                    task.accept(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
                idle.between();
            }
        };
        // One borrowed thread per remaining task at most; a borrowed thread that starts late finds nothing left.
        int lent = 1;
        while (lent < tasks && next.get() < tasks && idle.lend(worker)) {
            lent++;
        }
        if (lent < tasks) {
            idle.wantHelp(worker);
        }
        try {
            worker.run();
        } finally {
            idle.helped(worker);
        }
        awaitUninterruptibly(done);
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    /** Borrowed threads are mid-batch at most; the page cannot be answered without their results. */
    private static void awaitUninterruptibly(CountDownLatch done) {
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
