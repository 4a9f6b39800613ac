package org.freerpacapture.gateway.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.config.KafkaSettings;
import org.freerpacapture.gateway.http.Reading;
import org.freerpacapture.gateway.observability.Observability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Event-driven reading: request records in, results and dead letters out, exactly once ({@link RequestWorker}).
 * Started only when Kafka is configured.
 */
public final class KafkaRequests {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRequests.class);
    /** Partitions of a request topic the gateway creates itself: room for that many replicas reading at once. */
    static final int DEFAULT_PARTITIONS = 6;

    private final Vertx vertx;
    private final KafkaClients clients;
    private final RequestWorker worker;
    private final int maxInFlight;
    private final AutoCloseable sources;

    private KafkaRequests(Vertx vertx, KafkaClients clients, RequestWorker worker, int maxInFlight,
                          AutoCloseable sources) {
        this.vertx = vertx;
        this.clients = clients;
        this.worker = worker;
        this.maxInFlight = maxInFlight;
        this.sources = sources;
    }

    /**
     * Request reading as {@code config} says, documents by reference fetched from S3 and the allowed https hosts;
     * {@link #start()} starts it.
     */
    public static KafkaRequests create(Vertx vertx, GatewayConfig config, Reading reading,
                                       Observability observability) {
        RemoteSources sources = new RemoteSources(vertx, config.kafka(), config.providerSafety());
        return create(vertx, config, reading, sources, sources, observability);
    }

    private static KafkaRequests create(Vertx vertx, GatewayConfig config, Reading reading, DocumentSources sources,
                                        AutoCloseable closing, Observability observability) {
        KafkaSettings settings = config.kafka();
        KafkaClients clients = new KafkaClients(settings);
        int maxInFlight = settings.inFlight(config.pools().inferenceThreads());
        KafkaMetrics metrics = new KafkaMetrics(observability.metrics().registry());
        RecordReading records = new RecordReading(vertx, reading, sources, new ReplyTopics(clients), observability,
                settings, metrics,
                config.limits().maxBytes(), config.requestTimeout(), config.region());
        RequestWorker worker = new RequestWorker(clients, records, metrics, vertx.getOrCreateContext(), maxInFlight);
        return new KafkaRequests(vertx, clients, worker, maxInFlight, closing);
    }

    /**
     * Creates the request, result and dead-letter topics when missing, then starts reading. Completes once the
     * worker's transactions are initialized; until then it keeps trying while the broker is unreachable.
     */
    public Future<Void> start() {
        KafkaSettings settings = clients.settings();
        return vertx.executeBlocking(() -> {
                    ensureTopics(clients);
                    return null;
                }, false)
                .compose(v -> worker.start())
                .onSuccess(v -> LOG.info("reading requests from {} (group {}, at most {} in flight), results to {},"
                                + " dead letters to {}", settings.requestsTopic(), settings.group(), maxInFlight,
                        settings.resultsTopic(), settings.dlqTopic()));
    }

    /** Best effort: a broker that refuses (no rights, unreachable) leaves it to the operator. */
    private static void ensureTopics(KafkaClients clients) {
        KafkaSettings s = clients.settings();
        try (Admin admin = Admin.create(clients.common("admin"))) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            if (!existing.contains(s.requestsTopic())) {
                missing.add(new NewTopic(s.requestsTopic(), Optional.of(DEFAULT_PARTITIONS), Optional.empty()));
            }
            for (String topic : List.of(s.resultsTopic(), s.dlqTopic())) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, Optional.of(DEFAULT_PARTITIONS), Optional.empty()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
                LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("could not check or create the Kafka topics: {}", e.getCause().toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
            LOG.warn("could not check or create the Kafka topics: {}", e.toString());
        }
    }

    /** What {@code /health/ready} shows of request reading. */
    public Map<String, Object> health() {
        return Map.of("state", worker.state(), "inFlight", worker.inFlight(), "maxInFlight", maxInFlight);
    }

    /** Stops taking records and lets those in flight finish for up to {@code drain}, on a worker thread. */
    public Future<Void> stop(Duration drain) {
        return vertx.executeBlocking(() -> {
            worker.stop(drain);
            sources.close();
            return null;
        }, false);
    }
}
