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
 * thread takes the head of the line whose tenant has been served least for its weight (stride scheduling), so a
 * tenant with a deep backlog is served in turn with one sending a request now and then, which waits for at most one
 * task of each other tenant's. Each tenant may hold a share of the places by its weight against every named
 * tenant's, so a flooding tenant is refused beyond its share while room stays for the others.
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

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Map<String, Line> lines = new HashMap<>();
    private volatile Shares shares = Shares.EQUAL;
    private int size;
    /** The pass of the last line served: where a line that was empty starts again, so idling earns no credit. */
    private double clock;

    FairQueue(int capacity) {
        this.capacity = capacity;
    }

    void shares(Shares next) {
        shares = next;
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
                line = new Line(Math.max(1, shares.weight(tenant)));
                lines.put(tenant, line);
            }
            if (line.tasks.isEmpty()) {
                line.pass = Math.max(line.pass, clock);
            }
            line.tasks.addLast(task);
            size++;
            notEmpty.signal();
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
            while (size == 0) {
                notEmpty.await();
            }
            return next();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return next();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: the head of the line least served for its weight. */
    private Runnable next() {
        if (size == 0) {
            return null;
        }
        String chosen = null;
        Line best = null;
        for (Map.Entry<String, Line> e : lines.entrySet()) {
            Line line = e.getValue();
            if (!line.tasks.isEmpty() && (best == null || line.pass < best.pass)) {
                best = line;
                chosen = e.getKey();
            }
        }
        Runnable task = best.tasks.pollFirst();
        size--;
        clock = best.pass;
        best.pass += 1.0 / best.weight;
        if (best.tasks.isEmpty() && !chosen.equals(NO_TENANT) && lines.size() > shares.namedCount() + 16) {
            lines.remove(chosen); // lines of tenants gone quiet are forgotten, so they cost no memory
        }
        return task;
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
            int n = 0;
            Runnable task;
            while (n < max && (task = next()) != null) {
                sink.add(task);
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** One tenant's waiting tasks, and how much it has been served for its weight. */
    private static final class Line {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        final int weight;
        double pass;

        Line(int weight) {
            this.weight = weight;
        }
    }
}
