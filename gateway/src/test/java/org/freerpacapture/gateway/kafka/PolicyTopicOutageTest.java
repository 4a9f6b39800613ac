package org.freerpacapture.gateway.kafka;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.freerpacapture.gateway.admin.AdminApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker goes away and comes back: the replicas keep serving on the policy in force, refuse changes at once
 * with 503 and Retry-After, show the outage on {@code /health/ready} without reporting unready, and follow the
 * topic again once the broker is back.
 */
class PolicyTopicOutageTest {

    @Test
    void with_the_broker_down_requests_are_served_changes_are_refused_fast_and_replicas_follow_once_it_is_back(
            @TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start();
             PolicyReplica one = PolicyReplica.start(broker.bootstrap(), "replica-1", dir, TwoVariants.json(100, 0));
             PolicyReplica two = PolicyReplica.start(broker.bootstrap(), "replica-2", dir, TwoVariants.json(100, 0))) {
            List<PolicyReplica> both = List.of(one, two);
            assertEquals(200, one.putNow(TwoVariants.json(0, 100), one.version()).statusCode());
            long inForce = one.version();
            two.awaitVersion(inForce, Duration.ofSeconds(5));

            broker.stop();
            for (PolicyReplica r : both) {
                awaitState(r, "unreachable", Duration.ofSeconds(15));
            }
            for (PolicyReplica r : both) {
                HttpResponse<Buffer> ready = r.ready();
                assertEquals(200, ready.statusCode(), "HTTP still serves, so the replica stays ready");
                JsonObject policy = ready.bodyAsJsonObject().getJsonObject("kafka").getJsonObject("policy");
                assertEquals(inForce, policy.getLong("version"));

                HttpResponse<Buffer> read = r.analyze("tenant-1");
                assertEquals(200, read.statusCode(), read.bodyAsString());
                assertEquals("b", read.getHeader("X-Variant"), "served on the policy in force");
                assertEquals(200, r.get(AdminApi.ROUTING).statusCode());

                long asked = System.nanoTime();
                HttpResponse<Buffer> put = r.putNow(TwoVariants.json(50, 50), inForce);
                long tookMs = (System.nanoTime() - asked) / 1_000_000;
                assertEquals(503, put.statusCode(), put.bodyAsString());
                assertEquals("policy_topic_unavailable",
                        put.bodyAsJsonObject().getJsonObject("error").getString("code"));
                assertEquals(String.valueOf(PolicyTopic.RETRY_AFTER.toSeconds()), put.getHeader("Retry-After"));
                assertTrue(tookMs < 1000, "refused in " + tookMs + " ms");

                HttpResponse<Buffer> canary = r.post("/admin/routes/ab/canary",
                        new JsonObject().put("variant", "a").put("percent", 10));
                assertEquals(503, canary.statusCode(), canary.bodyAsString());
                assertEquals(inForce, r.version(), "nothing changed");
            }

            broker.restart();
            for (PolicyReplica r : both) {
                awaitState(r, "following", Duration.ofSeconds(30));
            }
            HttpResponse<Buffer> put = two.putNow(TwoVariants.json(50, 50), inForce);
            assertEquals(200, put.statusCode(), put.bodyAsString());
            one.awaitVersion(inForce + 1, Duration.ofSeconds(5));
            assertEquals(two.policy(), one.policy());
        }
    }

    private static void awaitState(PolicyReplica r, String state, Duration within) throws Exception {
        long end = System.nanoTime() + within.toNanos();
        String seen;
        while (!(seen = r.topicState()).equals(state)) {
            assertTrue(System.nanoTime() < end, r.name + " is " + seen + ", not " + state + ", after " + within);
            Thread.sleep(100);
        }
    }
}
