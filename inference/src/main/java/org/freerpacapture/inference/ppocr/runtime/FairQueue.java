package org.freerpacapture.inference.ppocr.runtime;

import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The inference pool's queue, shared between tenants by weight. Each tenant's tasks wait in their own line; a freed
 * thread takes the head of the line whose tenant has been served least for its weight (stride scheduling). While
 * other tenants are active (a task waiting or running, or one finished within {@link #ACTIVE_GRACE_NANOS}), a tenant runs
 * on at most its weight's part of the threads, so a tenant with a deep backlog leaves the others a thread to start
 * on at once; a tenant alone runs on all of them. Each tenant may hold a share of the places by its weight against
 * every named tenant's, so a flooding tenant is refused beyond its share while room stays for the others.
 *
 * <p>Tasks that are not {@link Tagged} (work lent to a running page) belong to no tenant and are bounded only by
 * the capacity.
 */
final class FairQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

    /** A task read for a tenant. */
    record Tagged(String tenant, Runnable work) implements Runnable {
        @Override
        public void run() {
            work.run();
        }
    }

    private static final String NO_TENANT = "";
    /** How long a tenant counts as active after its last task ended: a caller reading one document after another. */
    static final long ACTIVE_GRACE_NANOS = 1_000_000_000L;

    private final int capacity;
    private final int threads;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Map<String, Line> lines = new HashMap<>();
    private volatile Shares shares = Shares.EQUAL;
    private int size;
    /** Threads waiting in take or poll with nothing they may start. */
    private int idle;
    /** The pass of the last line served: where a line that was empty starts again, so idling earns no credit. */
    private double clock;

    FairQueue(int capacity, int threads) {
        this.capacity = capacity;
        this.threads = threads;
    }

    void shares(Shares next) {
        shares = next;
    }

    /** Whether a thread waits with nothing to start and nothing is queued: work given now starts at once. */
    boolean hasIdleThread() {
        lock.lock();
        try {
            return idle > 0 && size == 0;
        } finally {
            lock.unlock();
        }
    }

    /** Threads waiting with nothing they may start. */
    int idleThreads() {
        lock.lock();
        try {
            return idle;
        } finally {
            lock.unlock();
        }
    }

    /** The places a tenant's tasks may hold, by its weight against the named tenants'. */
    int placesOf(String tenant) {
        return shares.places(tenant, capacity);
    }

    @Override
    public boolean offer(Runnable task) {
        String tenant = task instanceof Tagged t ? t.tenant() : NO_TENANT;
        lock.lock();
        try {
            if (size >= capacity) {
                return false;
            }
            Line line = lines.get(tenant);
            if (!tenant.equals(NO_TENANT) && line != null && line.tasks.size() >= placesOf(tenant)) {
                return false;
            }
            if (line == null) {
                line = new Line(tenant, Math.max(1, shares.weight(tenant)));
                lines.put(tenant, line);
            }
            if (line.tasks.isEmpty()) {
                line.pass = Math.max(line.pass, clock);
            }
            line.tasks.addLast(task);
            size++;
            notEmpty.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Runnable poll() {
        lock.lock();
        try {
            return next();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Runnable take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            Runnable task;
            while ((task = next()) == null) {
                idle++;
                try {
                    // Waiting tasks may only be held back by others' activity, which ends by itself: look again then.
                    if (size == 0) {
                        notEmpty.await();
                    } else {
                        notEmpty.awaitNanos(ACTIVE_GRACE_NANOS / 4);
                    }
                } finally {
                    idle--;
                }
            }
            return task;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            Runnable task;
            while ((task = next()) == null) {
                if (nanos <= 0) {
                    return null;
                }
                idle++;
                try {
                    nanos = notEmpty.awaitNanos(size == 0 ? nanos : Math.min(nanos, ACTIVE_GRACE_NANOS / 4));
                } finally {
                    idle--;
                }
            }
            return task;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Under the lock: the head of the line least served for its weight, among the lines whose tenant runs on fewer
     * threads than its part; none when every waiting tenant already does.
     */
    private Runnable next() {
        if (size == 0) {
            return null;
        }
        long now = System.nanoTime();
        long activeWeight = 0;
        for (Line line : lines.values()) {
            if (line.active(now)) {
                activeWeight += line.weight;
            }
        }
        Line best = null;
        for (Line line : lines.values()) {
            if (!line.tasks.isEmpty() && (best == null || line.pass < best.pass)
                    && (line.tenant.equals(NO_TENANT) || line.running < threadsOf(line, activeWeight))) {
                best = line;
            }
        }
        if (best == null) {
            return null;
        }
        Runnable task = best.tasks.pollFirst();
        size--;
        clock = best.pass;
        best.pass += 1.0 / best.weight;
        best.running++;
        Line served = best;
        return () -> {
            try {
                task.run();
            } finally {
                finished(served);
            }
        };
    }

    /** A tenant's part of the threads while the active tenants' weights add up to {@code activeWeight}. */
    private int threadsOf(Line line, long activeWeight) {
        return activeWeight <= line.weight ? threads
                : (int) Math.max(1, threads * (long) line.weight / activeWeight);
    }

    private void finished(Line line) {
        lock.lock();
        try {
            line.running--;
            line.lastEnded = System.nanoTime();
            if (line.tasks.isEmpty() && line.running == 0 && !line.tenant.equals(NO_TENANT)
                    && lines.size() > shares.namedCount() + 16) {
                lines.remove(line.tenant); // lines of tenants gone quiet are forgotten, so they cost no memory
            }
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Runnable peek() {
        lock.lock();
        try {
            return lines.values().stream().filter(l -> !l.tasks.isEmpty()).min((a, b) -> Double.compare(a.pass,
                    b.pass)).map(l -> l.tasks.peekFirst()).orElse(null);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void put(Runnable task) throws InterruptedException {
        if (!offer(task)) {
            throw new IllegalStateException("the inference queue is full");
        }
    }

    @Override
    public boolean offer(Runnable task, long timeout, TimeUnit unit) {
        return offer(task);
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int remainingCapacity() {
        return capacity - size();
    }

    @Override
    public boolean remove(Object o) {
        lock.lock();
        try {
            for (Line line : lines.values()) {
                if (line.tasks.remove(o)) {
                    size--;
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Iterator<Runnable> iterator() {
        lock.lock();
        try {
            List<Runnable> all = new ArrayList<>(size);
            lines.values().forEach(l -> all.addAll(l.tasks));
            return all.iterator();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink) {
        return drainTo(sink, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink, int max) {
        lock.lock();
        try {
            // Everything, whatever runs: the pool is shutting down.
            int n = 0;
            for (Line line : lines.values()) {
                while (n < max && !line.tasks.isEmpty()) {
                    sink.add(line.tasks.pollFirst());
                    size--;
                    n++;
                }
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** One tenant's waiting tasks, how much it has been served for its weight, and how many of its tasks run. */
    private static final class Line {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        final String tenant;
        final int weight;
        double pass;
        int running;
        long lastEnded = Long.MIN_VALUE / 2;

        Line(String tenant, int weight) {
            this.tenant = tenant;
            this.weight = weight;
        }

        boolean active(long now) {
            return !tasks.isEmpty() || running > 0 || now - lastEnded < ACTIVE_GRACE_NANOS;
        }
    }
}
