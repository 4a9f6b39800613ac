package org.freerpacapture.gateway.kafka;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.freerpacapture.gateway.admin.AdminApi;
import org.freerpacapture.gateway.config.KafkaSettings;
import org.freerpacapture.gateway.routing.PolicyFile;
import org.freerpacapture.gateway.routing.PolicyStore;
import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three whole gateways sharing the policy topic of a real broker: a change made on one is in force on all, two
 * changes on the same version end the same way everywhere, a replica started later serves the newest policy from
 * its first request, and a guard's rollback on one replica rolls the canary back on all.
 */
class PolicyTopicTest {

    private static final Duration PROPAGATION_BOUND = Duration.ofSeconds(5);
    private static final String TOPIC = KafkaSettings.OFF.policyTopic();

    @TempDir
    static Path dir;
    private static KafkaBroker broker;
    private static List<PolicyReplica> replicas;

    @BeforeAll
    static void startBrokerAndThreeReplicas() throws Exception {
        broker = KafkaBroker.start();
        replicas = new ArrayList<>();
        // The first seeds the empty topic with its file; the others' files hold another policy, which loses.
        replicas.add(PolicyReplica.start(broker.bootstrap(), "replica-1", dir, TwoVariants.json(100, 0)));
        for (String name : List.of("replica-2", "replica-3")) {
            replicas.add(PolicyReplica.start(broker.bootstrap(), name, dir, TwoVariants.json(0, 100)));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (PolicyReplica r : replicas) {
            r.close();
        }
        broker.close();
    }

    @Test
    void the_first_replica_seeds_the_empty_topic_and_the_others_serve_the_topics_policy() {
        List<PolicyRecord> topic = broker.readUntil(TOPIC, Duration.ofSeconds(10), r -> !r.isEmpty()).stream()
                .map(r -> PolicyRecord.decode(r.value())).toList();
        PolicyRecord first = topic.get(0);
        assertEquals(1, first.version());
        assertEquals(0, first.parent());
        assertEquals("seed", first.action());
        assertEquals("replica-1", first.origin());
        assertEquals(100, weightOfA(first.policy()), "replica-1's file");
        for (PolicyReplica r : replicas) {
            assertEquals(replicas.get(0).policy(), r.policy(), r.name + " serves another policy");
        }
    }

    @Test
    void a_change_on_any_replica_is_in_force_on_all_three_within_5_s_over_100_changes() throws Exception {
        List<Long> propagation = new ArrayList<>();
        List<Long> answer = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            PolicyReplica on = replicas.get(i % 3);
            long parent = on.version();
            for (PolicyReplica r : replicas) {
                r.awaitVersion(parent, PROPAGATION_BOUND);
            }
            int a = (i * 37) % 101;
            long sent = System.nanoTime();
            HttpResponse<Buffer> put = on.putNow(TwoVariants.json(a, 100 - a), parent);
            long answered = System.nanoTime();
            assertEquals(200, put.statusCode(), put.bodyAsString());
            long version = parent + 1;
            assertEquals("\"" + version + "\"", put.getHeader("ETag"));
            assertNotNull(on.appliedAt.get(version), "answered before it was in force on the replica that took it");

            long last = sent;
            for (PolicyReplica r : replicas) {
                last = Math.max(last, r.awaitApplied(version, PROPAGATION_BOUND));
                assertEquals(a, weightOfA(r.policy()), r.name);
            }
            propagation.add(last - sent);
            answer.add(answered - sent);
        }
        long p50 = percentile(propagation, 50);
        long p99 = percentile(propagation, 99);
        System.out.printf("policy propagation to 3 replicas over 100 changes: p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                        + " answer to the caller: p50 %.1f ms, p99 %.1f ms%n", p50 / 1e6, p99 / 1e6,
                Collections.max(propagation) / 1e6, percentile(answer, 50) / 1e6, percentile(answer, 99) / 1e6);
        assertTrue(p99 < PROPAGATION_BOUND.toNanos(), "p99 " + p99 / 1e6 + " ms");

        RoutingPolicy saved = PolicyFile.load(replicas.get(2).policyFile);
        assertEquals(replicas.get(2).policy(), saved, "the policy file follows the topic");
    }

    @Test
    void two_changes_on_the_same_version_one_wins_everywhere_and_the_other_gets_409() throws Exception {
        int decidedByTheTopic = 0;
        for (int round = 0; round < 5; round++) {
            PolicyReplica first = replicas.get(round % 3);
            PolicyReplica second = replicas.get((round + 1) % 3);
            long parent = first.version();
            for (PolicyReplica r : replicas) {
                r.awaitVersion(parent, PROPAGATION_BOUND);
            }
            var one = first.put(TwoVariants.json(11, 89), parent);
            var two = second.put(TwoVariants.json(89, 11), parent);
            HttpResponse<Buffer> r1 = one.await(30, TimeUnit.SECONDS);
            HttpResponse<Buffer> r2 = two.await(30, TimeUnit.SECONDS);

            List<Integer> statuses = new ArrayList<>(List.of(r1.statusCode(), r2.statusCode()));
            Collections.sort(statuses);
            assertEquals(List.of(200, 409), statuses, r1.bodyAsString() + "\n" + r2.bodyAsString());
            HttpResponse<Buffer> won = r1.statusCode() == 200 ? r1 : r2;
            HttpResponse<Buffer> lost = r1.statusCode() == 200 ? r2 : r1;
            PolicyReplica loser = r1.statusCode() == 200 ? second : first;
            int winnerA = r1.statusCode() == 200 ? 11 : 89;
            long version = parent + 1;
            assertEquals("\"" + version + "\"", won.getHeader("ETag"));
            assertEquals("stale_version", lost.bodyAsJsonObject().getJsonObject("error").getString("code"));
            assertEquals("\"" + version + "\"", lost.getHeader("ETag"), "the 409 names the version that won");

            for (PolicyReplica r : replicas) {
                r.awaitVersion(version, PROPAGATION_BOUND);
                assertEquals(version, r.version(), r.name);
                assertEquals(winnerA, weightOfA(r.policy()), r.name + " is on the loser's policy");
            }
            List<PolicyRecord> topic = awaitTopicEndsOnVersion(version, winnerA);
            boolean loserWritten = topic.stream().anyMatch(p -> p.parent() == parent && !p.isRestatement()
                    && p.origin().equals(loser.name));
            if (loserWritten) {
                decidedByTheTopic++;
                PolicyRecord newest = topic.get(topic.size() - 1);
                assertTrue(newest.isRestatement(), "the loser's record was restated over: " + newest);
                assertEquals(loser.name, newest.restatedBy());
            }
        }
        System.out.printf("races decided by the topic (both changes written): %d of 5%n", decidedByTheTopic);
        assertTrue(decidedByTheTopic > 0, "every race was decided before the second change reached the topic");
    }

    @Test
    void a_replica_started_after_changes_serves_the_newest_policy_from_its_first_request() throws Exception {
        PolicyReplica on = replicas.get(1);
        long parent = on.version();
        HttpResponse<Buffer> put = on.putNow(TwoVariants.json(0, 100), parent);
        assertEquals(200, put.statusCode(), put.bodyAsString());

        // Its own file would send everything to variant a.
        try (PolicyReplica late = PolicyReplica.start(broker.bootstrap(), "replica-late", dir,
                TwoVariants.json(100, 0))) {
            HttpResponse<Buffer> policy = late.get(AdminApi.ROUTING);
            assertEquals(200, policy.statusCode());
            assertEquals(put.getHeader("ETag"), policy.getHeader("ETag"));
            assertEquals(0, weightOfA(RoutingPolicy.parse(policy.bodyAsString())));

            HttpResponse<Buffer> read = late.analyze("tenant-7");
            assertEquals(200, read.statusCode(), read.bodyAsString());
            assertEquals("b", read.getHeader("X-Variant"));
            assertEquals("test:b", read.getHeader("X-Provider"));

            JsonObject ready = late.ready().bodyAsJsonObject();
            assertEquals("ready", ready.getString("status"));
            JsonObject detail = ready.getJsonObject("kafka").getJsonObject("policy");
            assertEquals("following", detail.getString("state"));
            assertEquals(parent + 1, detail.getLong("version"));
            assertEquals(late.policy(), PolicyFile.load(late.policyFile), "its file now holds the topic's policy");
        }
    }

    @Test
    void a_guard_breach_on_one_replica_rolls_the_canary_back_on_all_through_the_topic() throws Exception {
        PolicyReplica admin = replicas.get(0);
        PolicyReplica served = replicas.get(2);
        assertEquals(200, admin.putNow(release(), admin.version()).statusCode());
        replicas.get(1).awaitVersion(admin.version(), PROPAGATION_BOUND);
        HttpResponse<Buffer> canary = replicas.get(1).post("/admin/routes/release/canary", new JsonObject()
                .put("variant", "candidate").put("percent", 50)
                .put("guard", new JsonObject().put("maxErrorRate", 0.1).put("minRequests", 5).put("window", "30s")));
        assertEquals(200, canary.statusCode(), canary.bodyAsString());
        long canaryVersion = replicas.get(1).version();
        for (PolicyReplica r : replicas) {
            r.awaitVersion(canaryVersion, PROPAGATION_BOUND);
            assertEquals(50, weight(r.policy(), "candidate"), r.name);
        }

        // Only the third replica sees the candidate fail: its guard fires, and the rollback reaches the others.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (weight(served.policy(), "candidate") > 0) {
            assertTrue(System.nanoTime() < end, "the guard did not roll the canary back");
            assertEquals(200, served.analyze(null).statusCode(), "the fallback serves what the candidate fails");
        }
        long rolledBack = served.version();
        for (PolicyReplica r : replicas) {
            r.awaitVersion(rolledBack, PROPAGATION_BOUND);
            assertEquals(0, weight(r.policy(), "candidate"), r.name);
            JsonArray history = r.get(AdminApi.HISTORY).bodyAsJsonObject().getJsonArray("changes");
            JsonObject last = history.getJsonObject(history.size() - 1);
            assertEquals("breach", last.getString("action"), r.name);
            assertEquals(PolicyStore.GUARD_ACTOR, last.getString("actor"), r.name);
            assertEquals(rolledBack, last.getLong("version"), r.name);
        }
        PolicyRecord newest = awaitTopicNewest(rolledBack);
        assertEquals("breach", newest.action());
        assertEquals(served.name, newest.origin());
    }

    /** Route {@code release}: a stable variant and a failing candidate, the stable provider as fallback. */
    private static String release() {
        return """
                {"providers": {"test:stable": {"kind": "test"},
                               "test:candidate": {"kind": "test", "mode": "fail", "failWith": "unavailable"}},
                 "routes": [{"name": "release", "match": {},
                   "variants": [{"name": "stable", "provider": "test:stable", "weight": 100},
                                {"name": "candidate", "provider": "test:candidate", "weight": 0}],
                   "fallback": ["test:stable"]}]}
                """;
    }

    private static int weightOfA(RoutingPolicy policy) {
        return weight(policy, "a");
    }

    private static int weight(RoutingPolicy policy, String variant) {
        return policy.routes().get(0).variant(variant).orElseThrow().weight();
    }

    /** Reads the whole topic until its newest record states {@code version} with variant a at {@code a}. */
    private static List<PolicyRecord> awaitTopicEndsOnVersion(long version, int a) {
        List<ConsumerRecord<byte[], byte[]>> read = broker.readUntil(TOPIC,
                Duration.ofSeconds(10), records -> !records.isEmpty() && endsOn(records, version, a));
        List<PolicyRecord> records = read.stream().map(r -> PolicyRecord.decode(r.value())).toList();
        PolicyRecord newest = records.get(records.size() - 1);
        assertEquals(version, newest.version(), "the topic's newest record is not the policy in force");
        assertEquals(a, weightOfA(newest.policy()));
        return records;
    }

    private static boolean endsOn(List<ConsumerRecord<byte[], byte[]>> records, long version, int a) {
        PolicyRecord newest = PolicyRecord.decode(records.get(records.size() - 1).value());
        return newest.version() == version && weightOfA(newest.policy()) == a;
    }

    private static PolicyRecord awaitTopicNewest(long version) {
        List<ConsumerRecord<byte[], byte[]>> read = broker.readUntil(TOPIC,
                Duration.ofSeconds(10), records -> !records.isEmpty()
                        && PolicyRecord.decode(records.get(records.size() - 1).value()).version() == version);
        return PolicyRecord.decode(read.get(read.size() - 1).value());
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
