package org.freerpacapture.gateway.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads request records and writes what they produce exactly once. One thread owns the consumer and a
 * transactional producer; records are read on Vert.x like HTTP requests and finish out of order. Finished work is
 * written in a transaction that also commits the consumed offsets, each partition's offset only up to its first
 * unfinished record, so a crash or a rebalance makes unfinished records be read again and never shows a result
 * twice to a {@code read_committed} reader.
 *
 * <p>The worker never has more records in flight than {@code maxInFlight}: beyond it every partition is paused,
 * and records a poll returned past the free slots are sought back rather than buffered.
 */
public final class RequestWorker {

    private static final Logger LOG = LoggerFactory.getLogger(RequestWorker.class);
    static final String THREAD = "kafka-requests";
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration FAILURE_PAUSE = Duration.ofSeconds(1);

    /** A record finished, in the assignment epoch of its partition it was started in. */
    private record Finished(TopicPartition partition, long offset, int epoch, RecordReading.Produced produced) {
    }

    private final KafkaClients clients;
    private final RecordReading reading;
    private final KafkaMetrics metrics;
    private final Context context;
    private final int maxInFlight;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<String> state = new AtomicReference<>("starting");
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Promise<Void> started = Promise.promise();

    // Owned by the poll thread.
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final Map<TopicPartition, Integer> epochs = new HashMap<>();
    private final Map<TopicPartition, AtomicBoolean> revokedFlags = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    /** The consumer's {@code connection-count}, found once: looking it up walks every client metric. */
    private org.apache.kafka.common.Metric connectionCount;
    private KafkaProducer<byte[], byte[]> producer;
    private volatile Duration drain = Duration.ZERO;

    RequestWorker(KafkaClients clients, RecordReading reading, KafkaMetrics metrics, Context context,
                  int maxInFlight) {
        this.clients = clients;
        this.reading = reading;
        this.metrics = metrics;
        this.context = context;
        this.maxInFlight = maxInFlight;
        this.thread = new Thread(this::run, THREAD);
        this.thread.setDaemon(true);
    }

    /** Starts the poll thread; completes once the producer's transactions are initialized. */
    Future<Void> start() {
        thread.start();
        return started.future();
    }

    /**
     * {@code starting}, {@code reading}, {@code retrying} (the broker is unreachable), {@code stopped} or
     * {@code failed}.
     */
    public String state() {
        return state.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Stops taking records, lets those in flight finish for up to {@code drain}, writes what finished, and leaves
     * the group. Blocking.
     */
    void stop(Duration drainFor) {
        this.drain = drainFor;
        running.set(false);
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            if (!stopped.await(drainFor.toMillis() + 15_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("the request worker did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            producer = clients.transactionalProducer("results");
            initTransactions();
            consumer = clients.consumer("requests", clients.settings().group(), Map.of(
                    "max.poll.records", maxInFlight,
                    "group.instance.id", clients.settings().instanceId()));
            consumer.subscribe(List.of(clients.settings().requestsTopic()), new Rebalance());
            started.tryComplete();
            state.set("reading");
            loop();
            finishInFlight();
        } catch (FatalProducerError e) {
            state.set("failed");
            started.tryFail(e.getCause());
            LOG.error("the request worker stopped: its producer cannot go on ({}); restart the replica",
                    e.getCause().toString());
        } catch (RuntimeException | Error e) {
            state.set("failed");
            started.tryFail(e);
            LOG.error("the request worker stopped unexpectedly", e);
        } finally {
            closeQuietly();
            if (!"failed".equals(state.get())) {
                state.set("stopped");
            }
            stopped.countDown();
        }
    }

    private void initTransactions() {
        while (running.get()) {
            try {
                producer.initTransactions();
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                state.set("retrying");
                LOG.warn("Kafka unreachable while starting the request worker; trying again");
            } catch (ProducerFencedException | AuthorizationException | AuthenticationException
                     | UnsupportedVersionException e) {
                throw new FatalProducerError(e);
            }
        }
    }

    private void loop() {
        while (running.get()) {
            try {
                // Slots a finished record freed are filled before its transaction commits, which takes round trips.
                ConsumerRecords<byte[], byte[]> records;
                try {
                    flowControl();
                    records = consumer.poll(POLL);
                } catch (WakeupException e) {
                    records = ConsumerRecords.empty();
                }
                dispatch(records);
                commitFinished();
                measure();
                state.set(connected() ? "reading" : "retrying");
            } catch (FatalProducerError e) {
                throw e;
            } catch (InterruptException e) {
                return;
            } catch (KafkaException e) {
                state.set("retrying");
                LOG.warn("Kafka trouble in the request worker ({}); reading again from the last commit",
                        e.toString());
                abortAndRewind();
                sleep(FAILURE_PAUSE);
            }
        }
    }

    /** Pauses every partition while no slot is free; resumes them when one is. */
    private void flowControl() {
        Set<TopicPartition> assigned = consumer.assignment();
        paused.retainAll(assigned);
        if (inFlight.get() >= maxInFlight) {
            Set<TopicPartition> toPause = new HashSet<>(assigned);
            toPause.removeAll(paused);
            if (!toPause.isEmpty()) {
                consumer.pause(toPause);
                paused.addAll(toPause);
            }
        } else if (!paused.isEmpty()) {
            consumer.resume(paused);
            paused.clear();
        }
        metrics.paused.set(paused.size());
    }

    private void dispatch(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
            for (int i = 0; i < batch.size(); i++) {
                ConsumerRecord<byte[], byte[]> record = batch.get(i);
                if (inFlight.get() >= maxInFlight) {
                    // No slot: read it again later instead of holding it here.
                    consumer.seek(tp, record.offset());
                    break;
                }
                start(tp, record);
            }
        }
    }

    private void start(TopicPartition tp, ConsumerRecord<byte[], byte[]> record) {
        progress.computeIfAbsent(tp, p -> new PartitionProgress(record.offset())).started(record.offset());
        int epoch = epochs.getOrDefault(tp, 0);
        AtomicBoolean revoked = revokedFlags.computeIfAbsent(tp, p -> new AtomicBoolean());
        inFlight.incrementAndGet();
        metrics.inFlight.set(inFlight.get());
        context.runOnContext(v -> reading.read(record, revoked)
                .onComplete(done -> {
                    // A read that failed produced nothing to commit: its partition is read again from its commit.
                    finished.add(new Finished(tp, record.offset(), epoch, done.succeeded() ? done.result() : null));
                    inFlight.decrementAndGet();
                    metrics.inFlight.set(inFlight.get());
                    KafkaConsumer<byte[], byte[]> c = consumer;
                    if (c != null) {
                        c.wakeup();
                    }
                }));
    }

    /**
     * Writes every finished record's output and the offsets it lets each partition commit, in one transaction.
     * Output of records from a partition this worker no longer holds (or held in an earlier epoch) is dropped:
     * their new reader reads them again.
     */
    private void commitFinished() {
        List<Finished> batch = new ArrayList<>();
        Set<TopicPartition> rewind = new HashSet<>();
        Finished next;
        while ((next = finished.poll()) != null) {
            if (progress.containsKey(next.partition())
                    && epochs.getOrDefault(next.partition(), 0) == next.epoch()) {
                batch.add(next);
                if (next.produced() == null) {
                    rewind.add(next.partition());
                }
            }
        }
        rewind.forEach(this::rewind);
        String requests = clients.settings().requestsTopic();
        for (Finished f : batch) {
            if (!rewind.contains(f.partition())) {
                progress.get(f.partition()).finished(f.offset(), f.produced().records());
                metrics.record(requests, f.produced().outcome());
            }
        }
        // Output goes out only with an offset past its record: a record read again after a crash must not have
        // its output out already.
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        progress.forEach((tp, p) -> {
            if (p.advanced()) {
                offsets.put(tp, new OffsetAndMetadata(p.committable()));
                out.addAll(p.releasable());
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> r : out) {
                producer.send(r);
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException | AuthenticationException
                 | UnsupportedVersionException e) {
            throw new FatalProducerError(e);
        }
        offsets.forEach((tp, o) -> progress.get(tp).committedUpTo(o.offset()));
        metrics.transaction("committed");
        out.forEach(r -> metrics.record(r.topic(), "written"));
    }

    /**
     * After a failed transaction nothing of it is visible: every partition is read again from its last commit and
     * what is still in flight is dropped when it finishes.
     */
    private void abortAndRewind() {
        metrics.transaction("aborted");
        try {
            producer.abortTransaction();
        } catch (IllegalStateException e) {
            // No transaction was open.
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw new FatalProducerError(e);
        } catch (KafkaException e) {
            LOG.debug("abort failed; the broker aborts the transaction when it times out", e);
        }
        for (Map.Entry<TopicPartition, PartitionProgress> e : progress.entrySet()) {
            forget(e.getKey());
            try {
                consumer.seek(e.getKey(), e.getValue().committed());
            } catch (IllegalStateException notAssigned) {
                // Lost meanwhile: its new reader starts from the committed offset anyway.
            }
        }
        progress.clear();
    }

    /** Reads {@code tp} again from its last commit; what is in flight there is dropped when it finishes. */
    private void rewind(TopicPartition tp) {
        PartitionProgress p = progress.remove(tp);
        forget(tp);
        if (p != null) {
            consumer.seek(tp, p.committed());
        }
    }

    /** In-flight records of {@code tp} will be dropped when they finish. */
    private void forget(TopicPartition tp) {
        epochs.merge(tp, 1, Integer::sum);
        AtomicBoolean flag = revokedFlags.remove(tp);
        if (flag != null) {
            flag.set(true);
        }
    }

    /** Whether the consumer holds a connection to any broker: none while the cluster is away. */
    private boolean connected() {
        if (connectionCount == null) {
            connectionCount = consumer.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("connection-count")
                            && e.getKey().group().equals("consumer-metrics"))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        return connectionCount == null || !(connectionCount.metricValue() instanceof Double count) || count > 0;
    }

    private void measure() {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            lag += consumer.currentLag(tp).orElse(0);
        }
        metrics.lag.set(lag);
    }

    /** On stop: no new records; those in flight may finish for the drain time; then one last commit. */
    private void finishInFlight() {
        long end = System.nanoTime() + drain.toNanos();
        try {
            consumer.pause(consumer.assignment());
            while (inFlight.get() > 0 && System.nanoTime() < end) {
                try {
                    consumer.poll(Duration.ofMillis(50));
                } catch (WakeupException e) {
                    // a record finished
                }
                commitFinished();
            }
            commitFinished();
        } catch (KafkaException e) {
            LOG.warn("last commit of the request worker failed ({}); unfinished records are read again by the"
                    + " next reader", e.toString());
        }
    }

    private void closeQuietly() {
        try {
            if (consumer != null) {
                // A static member stays in the group on close unless told: leave, so its partitions move at once.
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5))
                        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            }
        } catch (RuntimeException e) {
            LOG.debug("closing the consumer", e);
        }
        try {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        } catch (RuntimeException e) {
            LOG.debug("closing the producer", e);
        }
        reading.close();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Partitions come and go; finished work of those leaving is committed while they are still ours. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                commitFinished();
            } catch (FatalProducerError e) {
                throw e;
            } catch (KafkaException e) {
                LOG.warn("commit before giving up partitions failed ({}); their new reader reads them again",
                        e.toString());
                abortQuietly();
            }
            partitions.forEach(RequestWorker.this::drop);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(RequestWorker.this::drop);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("reading request partitions {}", partitions);
        }
    }

    private void drop(TopicPartition tp) {
        forget(tp);
        progress.remove(tp);
        paused.remove(tp);
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            LOG.debug("abort after a failed commit", e);
        }
    }

    /** The producer was fenced (another replica took this transactional id) or may not write at all. */
    private static final class FatalProducerError extends RuntimeException {
        FatalProducerError(Throwable cause) {
            super(cause);
        }
    }
}
