package org.freerpacapture.gateway.kafka;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.freerpacapture.gateway.config.KafkaSettings;
import org.freerpacapture.gateway.http.ApiException;
import org.freerpacapture.ocr.Failures;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a request's {@code replyTo} before anything is written there: a result for a topic that does not exist
 * would fail its whole transaction, again at every try, and hold its partition for good; one for the gateway's own
 * topics would feed it its own output.
 */
final class ReplyTopics implements AutoCloseable {

    private static final Duration REMEMBERED = Duration.ofMinutes(5);

    private final Admin admin;
    private final Set<String> own;
    private final Map<String, Long> known = new ConcurrentHashMap<>();

    ReplyTopics(KafkaClients clients) {
        KafkaSettings s = clients.settings();
        this.admin = clients.admin("reply-topics");
        this.own = Set.of(s.requestsTopic(), s.dlqTopic(), s.policyTopic());
    }

    /** Completes when results may go to {@code topic}; fails with the 4xx a dead letter carries otherwise. */
    Future<Void> check(String topic) {
        if (own.contains(topic) || topic.startsWith("__")) {
            return Future.failedFuture(new ApiException(400, "invalid_field", "replyTo names a topic the gateway"
                    + " reads or keeps for itself (" + topic + "); name the topic your results go to"));
        }
        Long until = known.get(topic);
        if (until != null && until > System.nanoTime()) {
            return Future.succeededFuture();
        }
        Promise<Void> checked = Promise.promise();
        admin.describeTopics(List.of(topic)).allTopicNames().whenComplete((found, error) -> {
            if (error == null) {
                known.put(topic, System.nanoTime() + REMEMBERED.toNanos());
                checked.complete();
            } else if (Failures.cause(error) instanceof UnknownTopicOrPartitionException) {
                checked.fail(new ApiException(422, "unknown_reply_topic", "replyTo names a topic that does not"
                        + " exist (" + topic + "); create it first or leave replyTo out"));
            } else {
                checked.fail(new ApiException(503, "kafka_unavailable", "cannot check replyTo " + topic + ": "
                        + error.getClass().getSimpleName()));
            }
        });
        return checked.future();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
