package org.freerpacapture.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the gateway uses Kafka, when it does: the topics, the group, how much of the local inference Kafka work may
 * hold, how transient failures are retried, and the client properties (security) every client gets.
 *
 * @param bootstrap        bootstrap servers; null keeps Kafka off
 * @param requestsTopic    where request records are read
 * @param resultsTopic     where results go unless a request names {@code replyTo}
 * @param dlqTopic         where records that can never be read go
 * @param policyTopic      the compacted topic of routing policy changes
 * @param group            consumer group of the replicas sharing the request topic
 * @param inferenceShare   share of the inference threads Kafka work may hold, in (0, 1]
 * @param attempts         attempts of a request failing for a passing reason
 * @param retryBackoff     wait before the second attempt, doubled after each
 * @param instanceId       this replica's name; its transactional id is {@code group-instanceId}
 * @param sourceHosts      hosts an {@code https://} source may name
 * @param s3Endpoint       where {@code s3://} sources are read instead of AWS's regional endpoint; null for AWS's
 * @param clientProperties standard client properties given to every client; may hold secrets, never printed
 */
public record KafkaSettings(String bootstrap, String requestsTopic, String resultsTopic, String dlqTopic,
                            String policyTopic, String group, double inferenceShare, int attempts,
                            Duration retryBackoff, String instanceId, List<String> sourceHosts, URI s3Endpoint,
                            Map<String, String> clientProperties) {

    public static final KafkaSettings OFF = new KafkaSettings(null, "rpa.ocr.requests", "rpa.ocr.results",
            "rpa.ocr.dlq", "rpa.gateway.policy", "rpa-gateway", 0.5, 5, Duration.ofSeconds(1), "gateway",
            List.of(), null, Map.of());

    public KafkaSettings {
        Objects.requireNonNull(requestsTopic, "requestsTopic");
        Objects.requireNonNull(resultsTopic, "resultsTopic");
        Objects.requireNonNull(dlqTopic, "dlqTopic");
        Objects.requireNonNull(policyTopic, "policyTopic");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(instanceId, "instanceId");
        if (!(inferenceShare > 0 && inferenceShare <= 1)) {
            throw new ConfigException(Setting.KAFKA_INFERENCE_SHARE.envName() + ": expected a share above 0 and at"
                    + " most 1, got " + inferenceShare);
        }
        sourceHosts = List.copyOf(sourceHosts);
        clientProperties = Map.copyOf(clientProperties);
    }

    public Optional<String> bootstrapServers() {
        return Optional.ofNullable(bootstrap).filter(b -> !b.isBlank());
    }

    public boolean enabled() {
        return bootstrapServers().isPresent();
    }

    /** Requests Kafka work may have in flight with {@code inferenceThreads} local threads: at least one. */
    public int inFlight(int inferenceThreads) {
        return Math.max(1, (int) Math.floor(inferenceShare * inferenceThreads));
    }

    /** The transactional id of this replica's result producer. */
    public String transactionalId() {
        return group + "-" + instanceId;
    }

    public KafkaSettings withBootstrap(String servers) {
        return new KafkaSettings(servers, requestsTopic, resultsTopic, dlqTopic, policyTopic, group, inferenceShare,
                attempts, retryBackoff, instanceId, sourceHosts, s3Endpoint, clientProperties);
    }

    public KafkaSettings withTopics(String requests, String results, String dlq, String policy) {
        return new KafkaSettings(bootstrap, requests, results, dlq, policy, group, inferenceShare, attempts,
                retryBackoff, instanceId, sourceHosts, s3Endpoint, clientProperties);
    }

    public KafkaSettings withGroup(String other) {
        return new KafkaSettings(bootstrap, requestsTopic, resultsTopic, dlqTopic, policyTopic, other,
                inferenceShare, attempts, retryBackoff, instanceId, sourceHosts, s3Endpoint, clientProperties);
    }

    public KafkaSettings withInstanceId(String id) {
        return new KafkaSettings(bootstrap, requestsTopic, resultsTopic, dlqTopic, policyTopic, group,
                inferenceShare, attempts, retryBackoff, id, sourceHosts, s3Endpoint, clientProperties);
    }

    public KafkaSettings withInferenceShare(double share) {
        return new KafkaSettings(bootstrap, requestsTopic, resultsTopic, dlqTopic, policyTopic, group, share,
                attempts, retryBackoff, instanceId, sourceHosts, s3Endpoint, clientProperties);
    }

    public KafkaSettings withRetries(int times, Duration backoff) {
        return new KafkaSettings(bootstrap, requestsTopic, resultsTopic, dlqTopic, policyTopic, group,
                inferenceShare, times, backoff, instanceId, sourceHosts, s3Endpoint, clientProperties);
    }

    public KafkaSettings withSourceHosts(List<String> hosts) {
        return new KafkaSettings(bootstrap, requestsTopic, resultsTopic, dlqTopic, policyTopic, group,
                inferenceShare, attempts, retryBackoff, instanceId, hosts, s3Endpoint, clientProperties);
    }

    public KafkaSettings withS3Endpoint(URI endpoint) {
        return new KafkaSettings(bootstrap, requestsTopic, resultsTopic, dlqTopic, policyTopic, group,
                inferenceShare, attempts, retryBackoff, instanceId, sourceHosts, endpoint, clientProperties);
    }

    /** The S3 endpoint override, when one is set. */
    public Optional<URI> s3EndpointOverride() {
        return Optional.ofNullable(s3Endpoint);
    }

    @Override
    public String toString() {
        return "KafkaSettings[bootstrap=" + bootstrap + ", topics=" + requestsTopic + "/" + resultsTopic + "/"
                + dlqTopic + "/" + policyTopic + ", group=" + group + ", instance=" + instanceId + ", share="
                + inferenceShare + ", attempts=" + attempts + ", clientProperties=" + clientProperties.keySet() + "]";
    }
}
