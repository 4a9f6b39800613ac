package org.freerpacapture.gateway.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.freerpacapture.gateway.config.KafkaSettings;

import java.util.HashMap;
import java.util.Map;

/**
 * The Kafka clients the gateway makes, all from one place: the operator's client properties (security) first, then
 * what the gateway's guarantees need, which the operator cannot turn off.
 */
public final class KafkaClients {

    /** How long a transaction may stay open before the broker aborts it: bounds what a crashed replica holds up. */
    static final int TRANSACTION_TIMEOUT_MS = 15_000;

    /** How long a replica that died keeps its partitions before the group gives them to another. */
    static final int SESSION_TIMEOUT_MS = 10_000;
    /** How long a send or commit waits for a broker that does not answer before it fails (and is tried again). */
    static final int MAX_BLOCK_MS = 10_000;

    private final KafkaSettings settings;

    public KafkaClients(KafkaSettings settings) {
        this.settings = settings;
    }

    public KafkaSettings settings() {
        return settings;
    }

    /** Properties every client gets: bootstrap, the operator's client properties, a client id naming the replica. */
    public Map<String, Object> common(String role) {
        Map<String, Object> props = new HashMap<>(settings.clientProperties());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers().orElseThrow());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "rpa-gateway-" + settings.instanceId() + "-" + role);
        props.putIfAbsent(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);
        return props;
    }

    /** A consumer that commits nothing by itself and reads only committed records. */
    public KafkaConsumer<byte[], byte[]> consumer(String role, String group) {
        return consumer(role, group, Map.of());
    }

    /** As above, with {@code extra} consumer properties. */
    public KafkaConsumer<byte[], byte[]> consumer(String role, String group, Map<String, Object> extra) {
        Map<String, Object> props = common(role);
        props.putAll(extra);
        props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** An idempotent producer that waits for every in-sync replica. */
    public KafkaProducer<byte[], byte[]> producer(String role) {
        return producer(role, Map.of());
    }

    /** As {@link #producer(String)}, with a role's own bounds on top (how long a send may wait, say). */
    public KafkaProducer<byte[], byte[]> producer(String role, Map<String, Object> overrides) {
        Map<String, Object> props = common(role);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putAll(overrides);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** An admin client, for creating the topics the gateway needs. */
    public Admin admin(String role) {
        return Admin.create(common(role));
    }

    /** A transactional producer under this replica's transactional id; {@code initTransactions} is the caller's. */
    public KafkaProducer<byte[], byte[]> transactionalProducer(String role) {
        Map<String, Object> props = common(role);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
