package org.freerpacapture.gateway.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.freerpacapture.gateway.observability.GatewayMetrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** What the request worker reports: records by topic and outcome, dead letters, retries, lag, pauses. */
final class KafkaMetrics {

    static final String RECORDS = "gateway_kafka_records_total";
    static final String DEAD_LETTERS = "gateway_kafka_dead_letters_total";
    static final String RETRIES = "gateway_kafka_retries_total";
    static final String TRANSACTIONS = "gateway_kafka_transactions_total";
    static final String LAG = "gateway_kafka_consumer_lag";
    static final String PAUSED = "gateway_kafka_paused_partitions";
    static final String IN_FLIGHT = "gateway_kafka_in_flight";

    static final List<String> SERIES = List.of(RECORDS, DEAD_LETTERS, RETRIES, TRANSACTIONS, LAG, PAUSED, IN_FLIGHT);

    private final MeterRegistry registry;
    final AtomicLong lag = new AtomicLong();
    final AtomicLong paused = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();

    KafkaMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(GatewayMetrics.name(LAG), lag, AtomicLong::get).register(registry);
        Gauge.builder(GatewayMetrics.name(PAUSED), paused, AtomicLong::get).register(registry);
        Gauge.builder(GatewayMetrics.name(IN_FLIGHT), inFlight, AtomicLong::get).register(registry);
    }

    /** A record read or written: {@code read}, {@code dead_letter}, {@code failed} on the request topic. */
    void record(String topic, String outcome) {
        Counter.builder(GatewayMetrics.name(RECORDS)).tags("topic", topic, "outcome", outcome).register(registry).increment();
    }

    void deadLetter(String code) {
        Counter.builder(GatewayMetrics.name(DEAD_LETTERS)).tag("code", code).register(registry).increment();
    }

    void retry() {
        Counter.builder(GatewayMetrics.name(RETRIES)).register(registry).increment();
    }

    void transaction(String outcome) {
        Counter.builder(GatewayMetrics.name(TRANSACTIONS)).tag("outcome", outcome).register(registry).increment();
    }
}
