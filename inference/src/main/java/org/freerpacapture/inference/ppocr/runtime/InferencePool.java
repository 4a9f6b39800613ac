package org.freerpacapture.inference.ppocr.runtime;

import org.freerpacapture.ocr.ProviderException;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The named, bounded pool every local inference runs on. Its queue has a fixed capacity; past it, work is refused
 * at once with {@link ProviderException.Kind#OVERLOADED} so callers get a fast 503 instead of an unbounded wait.
 * Tenants share the queue by weight ({@link FairQueue}): each waits in its own line, is served in turn, and may hold
 * its share of the places.
 */
public final class InferencePool implements AutoCloseable {
    private final String name;
    private final ThreadPoolExecutor executor;
    private final int capacity;
    private final QueueWait wait;
    private final FairQueue fair;
    /** Interactive pages' tasks that no idle thread took, which background pages run before their own. */
    private final Queue<Runnable> helpWanted = new ConcurrentLinkedQueue<>();
    private final IdleThreads interactive = new IdleThreads() {
        @Override
        public boolean lend(Runnable work) {
            return InferencePool.this.lend(work);
        }

        @Override
        public void wantHelp(Runnable worker) {
            helpWanted.add(worker);
        }

        @Override
        public void helped(Runnable worker) {
            helpWanted.remove(worker);
        }
    };
    private final IdleThreads background = new IdleThreads() {
        @Override
        public boolean lend(Runnable work) {
            return InferencePool.this.lend(work);
        }

        @Override
        public void between() {
            for (Runnable worker : helpWanted) {
                worker.run();
            }
        }
    };

    public InferencePool(String name, int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 0) {
            throw new IllegalArgumentException("an inference pool needs ≥ 1 thread and a queue capacity ≥ 0");
        }
        this.name = name;
        this.capacity = queueCapacity;
        this.wait = new QueueWait(threads);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.fair = queueCapacity == 0 ? null : new FairQueue(queueCapacity, threads);
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                fair == null ? new java.util.concurrent.SynchronousQueue<>() : fair,
                factory, new ThreadPoolExecutor.AbortPolicy());
        if (fair != null) {
            executor.prestartAllCoreThreads(); // so every task passes the fair queue, which counts what runs
        }
    }

    /** Runs {@code work} on the pool for no tenant in particular, or fails at once when the queue is full. */
    public <T> CompletionStage<T> submit(String providerId, Supplier<T> work) {
        return submit(providerId, "", work);
    }

    /**
     * Runs {@code work} on the pool in {@code tenant}'s line, or fails at once when the queue is full or the tenant
     * holds its share of it.
     */
    public <T> CompletionStage<T> submit(String providerId, String tenant, Supplier<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        Runnable task = () -> {
            long start = System.nanoTime();
            try {
                done.complete(work.get());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            } finally {
                wait.record(System.nanoTime() - start);
            }
        };
        try {
            executor.execute(new FairQueue.Tagged(tenant, task));
            return done;
        } catch (RejectedExecutionException e) {
            int queued = executor.getQueue().size();
            Duration retryAfter = wait.retryAfter(queued + 1);
            String why = queued < capacity && fair != null
                    ? "tenant '" + tenant + "' holds its share of the local inference queue (" + fair.placesOf(tenant)
                            + " of " + capacity + " places)"
                    : "the local inference queue is full (" + capacity + " waiting)";
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.OVERLOADED, providerId,
                    why + "; retry in about " + retryAfter.toSeconds() + " s", retryAfter, null));
        }
    }

    /** The tenants' weights from now on. */
    public void shares(Shares shares) {
        if (fair != null) {
            fair.shares(shares);
        }
    }

    /**
     * Lends an idle thread to a running page ({@link IdleThreads}): only while fewer tasks run than there are
     * threads and none waits, so lent work never delays a queued request by more than one of its batches, and never
     * takes a queue slot a request would need.
     */
    public boolean lend(Runnable work) {
        // A started thread counts as active until it first waits, so the fair queue's own count is asked.
        boolean idle = fair != null ? fair.hasIdleThread()
                : executor.getActiveCount() < executor.getMaximumPoolSize() && executor.getQueue().isEmpty();
        if (!idle) {
            return false;
        }
        try {
            executor.execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** How a page someone waits for borrows threads: idle ones, and the turns background pages give up. */
    public IdleThreads interactive() {
        return interactive;
    }

    /**
     * How a page nobody waits on interactively (a Kafka record) borrows threads: idle ones; and between its own
     * tasks it runs those interactive pages could not hand to an idle thread, so a backlog slows an interactive
     * caller by less than its share of the threads.
     */
    public IdleThreads background() {
        return background;
    }

    /** Threads started and waiting for work (with a queue; 0 without one). */
    int idleThreads() {
        return fair == null ? 0 : fair.idleThreads();
    }

    public String name() {
        return name;
    }

    /** Tasks waiting for a thread. */
    public int queueDepth() {
        return executor.getQueue().size();
    }

    /** Tasks being run now. */
    public int active() {
        return executor.getActiveCount();
    }

    public int capacity() {
        return capacity;
    }

    public int threads() {
        return executor.getMaximumPoolSize();
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
