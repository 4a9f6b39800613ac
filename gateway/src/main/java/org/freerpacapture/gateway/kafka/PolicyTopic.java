package org.freerpacapture.gateway.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.freerpacapture.gateway.routing.InvalidPolicyException;
import org.freerpacapture.gateway.routing.PolicyChange;
import org.freerpacapture.gateway.routing.PolicyStore;
import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.freerpacapture.gateway.routing.UpdateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One routing policy for every replica, through the compacted policy topic. Every checked change is published there
 * ({@link #publish}) instead of being put in force locally; every replica, the one that made it included, reads
 * the topic in log order on its own thread and puts in force what {@link PolicyLog} applies. The replica that made
 * a change answers its caller only once it has read it back: in force, or lost to a change on the same version.
 *
 * <p>A replica reads the topic to its end before {@link #ready()} completes, and proposes its own policy as
 * version 1 when the topic is empty. A replica whose change lost restates the change in force, so the newest record
 * on the topic, which compaction keeps, is always the policy in force.
 */
public final class PolicyTopic implements PolicyStore.Publisher, AutoCloseable {

    /** Where this replica is with the topic, as {@code /health/ready} shows it. */
    public enum State { CATCHING_UP, FOLLOWING, UNREACHABLE }

    private static final Logger LOG = LoggerFactory.getLogger(PolicyTopic.class);

    /** Every record's key: compaction keeps the newest, so the topic holds the policy in force and recent history. */
    public static final String KEY = "policy";
    /** How long an admin call waits for its change to come back from the topic. */
    public static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    /** What a caller refused for want of the topic is told to wait. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /**
     * How long records stay out of compaction: the time a replica has to restate the policy in force after a
     * change lost, before the loser could be left as the topic's first record.
     */
    public static final Duration MIN_COMPACTION_LAG = Duration.ofDays(1);
    /** How often the reader asks the broker for the topic's end, which is also how it learns the broker is away. */
    static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** How long the newest record may leave the policy in force unstated before any replica restates it. */
    static final Duration TAIL_GRACE = Duration.ofSeconds(10);
    /** A send gives up after this; a change refused for it may still be put in force until then. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final byte[] KEY_BYTES = KEY.getBytes(StandardCharsets.UTF_8);

    /** What became of a change this replica published. */
    private sealed interface Fate {
        record Applied(UpdateResult.Accepted accepted) implements Fate {
        }

        record Lost(long currentVersion) implements Fate {
        }

        record Failed(Exception cause) implements Fate {
        }
    }

    private final KafkaClients clients;
    private final String topic;
    private final TopicPartition partition;
    private final String origin;
    private final RoutingPolicy seed;
    private final Clock clock;
    private final Thread reader;
    private final CompletableFuture<RoutingPolicy> ready = new CompletableFuture<>();
    /** This replica's changes not read back yet, by proposal id. */
    private final Map<String, CompletableFuture<Fate>> published = new ConcurrentHashMap<>();
    /** This replica's restatements not read back yet. */
    private final Set<String> restating = ConcurrentHashMap.newKeySet();

    /** Guarded by {@code this}, with {@link #store}: what was read and what it put in force. */
    private final PolicyLog log = new PolicyLog();
    private PolicyStore store;

    private volatile KafkaProducer<byte[], byte[]> producer;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile State state = State.CATCHING_UP;
    /** The version in force from the topic; 0 before the first record. */
    private volatile long version;
    private volatile boolean seeding;
    private volatile boolean closed;

    /** The reader's own bookkeeping. */
    private long recordsRead;
    private long lastReadNanos;
    private boolean tailRestated;
    private boolean reportedUnreachable;
    private boolean reportedUnreadable;

    private PolicyTopic(KafkaClients clients, RoutingPolicy seed, Clock clock) {
        this.clients = clients;
        this.topic = clients.settings().policyTopic();
        this.partition = new TopicPartition(topic, 0);
        this.origin = clients.settings().instanceId();
        this.seed = seed;
        this.clock = clock;
        this.reader = new Thread(this::run, "policy-topic-" + origin);
        this.reader.setDaemon(true);
    }

    /**
     * Starts following the topic on a thread of its own: creates it when missing, reads it to its end, and proposes
     * {@code seed} as version 1 when it is empty.
     */
    public static PolicyTopic start(KafkaClients clients, RoutingPolicy seed, Clock clock) {
        PolicyTopic topic = new PolicyTopic(clients, seed, clock);
        topic.reader.start();
        return topic;
    }

    /** Completes with the topic's policy once the topic was read to its end; fails only when closed before. */
    public CompletionStage<RoutingPolicy> ready() {
        return ready;
    }

    /**
     * From now on, what the topic puts in force goes to {@code target} (starting with anything newer than the
     * policy it holds), and {@code target}'s changes are published here.
     */
    public void attach(PolicyStore target) {
        synchronized (this) {
            store = target;
            log.inForce().ifPresent(this::install);
        }
        target.publishThrough(this);
    }

    /** This replica's part of the Kafka detail of {@code /health/ready}. */
    public Map<String, Object> detail() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("version", version);
        detail.put("state", state.name().toLowerCase(Locale.ROOT));
        return detail;
    }

    @Override
    public UpdateResult publish(PolicyStore.Proposal change) {
        KafkaProducer<byte[], byte[]> out = producer;
        if (closed || out == null || state == State.UNREACHABLE) {
            return unavailable("the policy topic " + topic + " cannot be reached now, so the change was not made;"
                    + " the policy in force stays as it is");
        }
        PolicyRecord proposed = PolicyRecord.proposed(change, origin);
        CompletableFuture<Fate> fate = new CompletableFuture<>();
        published.put(proposed.proposal(), fate);
        try {
            out.send(record(proposed), (sent, e) -> {
                if (e != null && published.remove(proposed.proposal(), fate)) {
                    fate.complete(new Fate.Failed(e));
                }
            });
        } catch (KafkaException e) {
            published.remove(proposed.proposal());
            return unavailable("the change could not be written to the policy topic " + topic + " (" + e
                    + "); the policy in force stays as it is");
        }
        try {
            // A fate that comes after the wait still counts: a loss is still restated.
            Fate outcome = fate.get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            if (outcome instanceof Fate.Applied applied) {
                return applied.accepted();
            }
            if (outcome instanceof Fate.Lost lost) {
                return new UpdateResult.Conflict(lost.currentVersion(), change.parent());
            }
            return unavailable("the change could not be written to the policy topic " + topic + " ("
                    + ((Fate.Failed) outcome).cause() + "); the policy in force stays as it is");
        } catch (TimeoutException e) {
            return unavailable("version " + proposed.version() + " was sent to the policy topic " + topic
                    + " but not read back within " + ANSWER_WITHIN.toSeconds() + " s; it may still be put in force"
                    + " on every replica within " + DELIVERY_TIMEOUT.toSeconds() + " s: GET /admin/routing before"
                    + " making the change again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("the wait for the policy topic was interrupted; the change may still be put in force");
        } catch (ExecutionException e) {
            throw new IllegalStateException("a fate is never completed exceptionally", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        KafkaProducer<byte[], byte[]> out = producer;
        if (out != null) {
            out.close(Duration.ofSeconds(2));
        }
        published.values().forEach(f -> f.complete(new Fate.Failed(new IllegalStateException("closed"))));
        ready.completeExceptionally(new IllegalStateException("the policy topic reader was closed"));
    }

    private void run() {
        try {
            createTopic();
            if (closed) {
                return;
            }
            producer = clients.producer("policy-writer", Map.of(
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ANSWER_WITHIN.toMillis(),
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ANSWER_WITHIN.toMillis(),
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis(),
                    ProducerConfig.LINGER_MS_CONFIG, 0));
            try (KafkaConsumer<byte[], byte[]> c = clients.consumer("policy-reader", null)) {
                consumer = c;
                c.assign(List.of(partition));
                c.seekToBeginning(List.of(partition));
                follow(c);
            }
        } catch (WakeupException e) {
            // closed
        } catch (RuntimeException e) {
            LOG.error("the policy topic {} is no longer read: routing stays on version {}", topic, version, e);
            state = State.UNREACHABLE;
            ready.completeExceptionally(e);
        }
    }

    /** Creates the topic unless it exists; retries until the broker answers. */
    private void createTopic() {
        NewTopic wanted = new NewTopic(topic, Optional.of(1), Optional.empty()).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Long.toString(MIN_COMPACTION_LAG.toMillis())));
        try (Admin admin = clients.admin("policy-admin")) {
            while (!closed) {
                try {
                    admin.createTopics(List.of(wanted),
                            new CreateTopicsOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis())).all().get();
                    LOG.info("created the policy topic {} (compacted)", topic);
                    return;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) {
                        return;
                    }
                    unreachable(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause();
            }
        }
    }

    private void follow(KafkaConsumer<byte[], byte[]> c) {
        long nextProbe = 0;
        while (!closed) {
            try {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
                    read(r);
                }
                long now = System.nanoTime();
                if (!ready.isDone() || now - nextProbe >= 0) {
                    probe(c);
                    nextProbe = now + PROBE_EVERY.toNanos();
                }
            } catch (WakeupException e) {
                return;
            } catch (KafkaException e) {
                unreachable(e);
                pause();
            }
        }
    }

    /** Asks for the topic's end: how far behind this replica is, and whether the broker answers at all. */
    private void probe(KafkaConsumer<byte[], byte[]> c) {
        long end;
        long at;
        try {
            end = c.endOffsets(List.of(partition), PROBE_TIMEOUT).get(partition);
            at = c.position(partition, PROBE_TIMEOUT);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            unreachable(e);
            return;
        }
        if (reportedUnreachable) {
            LOG.info("the policy topic {} is reachable again (version {} in force)", topic, version);
            reportedUnreachable = false;
        }
        if (at < end) {
            state = State.CATCHING_UP;
            return;
        }
        PolicyRecord inForce;
        synchronized (this) {
            inForce = log.inForce().orElse(null);
        }
        if (inForce == null) {
            state = State.CATCHING_UP;
            seedIfEmpty();
            return;
        }
        state = State.FOLLOWING;
        ready.complete(inForce.policy());
        restateStaleTail();
    }

    /** An empty topic gets this replica's policy as version 1; when several race, the first written wins. */
    private void seedIfEmpty() {
        if (recordsRead > 0) {
            if (!reportedUnreadable) {
                reportedUnreadable = true;
                LOG.error("the policy topic {} holds records but none is a policy record: this replica is not"
                        + " ready until one is", topic);
            }
            return;
        }
        if (seeding) {
            return;
        }
        seeding = true;
        PolicyRecord first = PolicyRecord.proposed(new PolicyStore.Proposal(seed.withVersion(1), 0, "gateway",
                "seed", "the policy topic was empty", clock.instant()), origin);
        published.put(first.proposal(), new CompletableFuture<>());
        send(first, e -> {
            published.remove(first.proposal());
            seeding = false;
        });
        LOG.info("the policy topic {} is empty: proposed this replica's policy as version 1", topic);
    }

    /**
     * The newest record normally states the policy in force: the replica whose change lost restates it at once.
     * Should that replica have stopped first, any replica does, after a grace period.
     */
    private void restateStaleTail() {
        if (!tailIsInForce() && !tailRestated && restating.isEmpty()
                && System.nanoTime() - lastReadNanos > TAIL_GRACE.toNanos()) {
            tailRestated = true;
            restate();
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> r) {
        recordsRead++;
        lastReadNanos = System.nanoTime();
        tailRestated = false;
        PolicyRecord record;
        try {
            record = PolicyRecord.decode(r.value());
        } catch (IllegalArgumentException e) {
            LOG.error("policy topic {} offset {} is not a policy record and was skipped: {}", topic, r.offset(),
                    e.getMessage());
            return;
        }
        PolicyLog.Verdict verdict;
        Optional<UpdateResult.Accepted> installed = Optional.empty();
        long current;
        synchronized (this) {
            verdict = log.read(record);
            if (verdict.putsInForce()) {
                version = record.version();
                installed = install(record);
            }
            current = log.version();
        }
        if (verdict == PolicyLog.Verdict.LOST) {
            LOG.info("policy version {} by {} from {} lost: it was made on version {}, but {} is in force",
                    record.version(), record.actor(), record.origin(), record.parent(), current);
        }
        if (!record.isRestatement()) {
            CompletableFuture<Fate> mine = published.remove(record.proposal());
            if (mine != null) {
                mine.complete(verdict.putsInForce()
                        ? new Fate.Applied(installed.orElseGet(() -> accepted(record)))
                        : new Fate.Lost(current));
                if (!verdict.putsInForce()) {
                    restate();
                }
            }
        } else if (restating.remove(record.restatement()) && !tailIsInForce()) {
            restate(); // a change came between: what this replica restated is no longer in force
        }
    }

    private synchronized boolean tailIsInForce() {
        return log.tailInForce();
    }

    /** Under {@code this}: the store, once attached, gets exactly what the topic put in force. */
    private Optional<UpdateResult.Accepted> install(PolicyRecord record) {
        if (store == null) {
            return Optional.empty();
        }
        try {
            return store.install(record.policy(), record.actor(), record.action(), record.reason(), record.at());
        } catch (InvalidPolicyException e) {
            LOG.error("policy version {} from the topic {} is not valid here and was not put in force: {}",
                    record.version(), topic, e.getMessage());
            return Optional.empty();
        }
    }

    private static UpdateResult.Accepted accepted(PolicyRecord record) {
        return new UpdateResult.Accepted(record.policy(), new PolicyChange(record.version(), record.at(),
                record.actor(), record.action(), record.reason(), List.of()));
    }

    /** Writes the change in force again, so that it is the newest record. */
    private void restate() {
        PolicyRecord inForce;
        synchronized (this) {
            inForce = log.inForce().orElse(null);
        }
        if (inForce == null) {
            return;
        }
        PolicyRecord again = inForce.restatedBy(origin);
        restating.add(again.restatement());
        send(again, e -> restating.remove(again.restatement()));
    }

    private void send(PolicyRecord record, java.util.function.Consumer<Exception> onFailure) {
        KafkaProducer<byte[], byte[]> out = producer;
        try {
            out.send(record(record), (sent, e) -> {
                if (e != null) {
                    LOG.warn("policy version {} could not be written to {}: {}", record.version(), topic,
                            e.toString());
                    onFailure.accept(e);
                }
            });
        } catch (KafkaException e) {
            LOG.warn("policy version {} could not be written to {}: {}", record.version(), topic, e.toString());
            onFailure.accept(e);
        }
    }

    private ProducerRecord<byte[], byte[]> record(PolicyRecord record) {
        return new ProducerRecord<>(topic, partition.partition(), KEY_BYTES, record.encode());
    }

    private void unreachable(Throwable cause) {
        state = State.UNREACHABLE;
        if (!reportedUnreachable) {
            reportedUnreachable = true;
            LOG.warn("the policy topic {} cannot be reached ({}): routing stays on version {}, admin changes are"
                    + " refused until it can", topic, cause.toString(), version);
        }
    }

    private void pause() {
        try {
            Thread.sleep(PROBE_EVERY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private static UpdateResult.Unavailable unavailable(String message) {
        return new UpdateResult.Unavailable(message, RETRY_AFTER);
    }
}
