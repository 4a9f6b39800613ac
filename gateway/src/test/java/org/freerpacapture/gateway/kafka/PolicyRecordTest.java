package org.freerpacapture.gateway.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.freerpacapture.gateway.routing.PolicyStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy topic's record value: what it holds, that it reads back, and what is refused. */
class PolicyRecordTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");

    private static PolicyRecord proposed() {
        return PolicyRecord.proposed(new PolicyStore.Proposal(TwoVariants.policy(70, 30).withVersion(8), 7,
                "alice", "update", "more traffic to a", AT), "replica-2");
    }

    @Test
    void a_proposed_change_is_written_as_json_with_every_field_and_the_whole_policy() throws Exception {
        PolicyRecord record = proposed();
        JsonNode json = new ObjectMapper().readTree(record.encode());

        assertEquals(8, json.get("version").asLong());
        assertEquals(7, json.get("parent").asLong());
        assertEquals("alice", json.get("actor").asText());
        assertEquals("update", json.get("action").asText());
        assertEquals("more traffic to a", json.get("reason").asText());
        assertEquals("2026-03-01T10:15:30Z", json.get("at").asText());
        assertEquals("replica-2", json.get("origin").asText());
        assertEquals(36, json.get("proposal").asText().length(), "a UUID");
        assertEquals(8, json.get("policy").get("version").asLong());
        assertEquals(70, json.get("policy").get("routes").get(0).get("variants").get(0).get("weight").asInt());
        assertTrue(json.path("restatement").isMissingNode());
    }

    @Test
    void a_record_reads_back_equal_and_a_restatement_keeps_the_change_under_a_new_restatement_id() {
        PolicyRecord record = proposed();
        assertEquals(record, PolicyRecord.decode(record.encode()));

        PolicyRecord again = record.restatedBy("replica-3");
        PolicyRecord read = PolicyRecord.decode(again.encode());
        assertEquals(again, read);
        assertEquals(record.proposal(), read.proposal());
        assertEquals(record.policy(), read.policy());
        assertEquals("replica-3", read.restatedBy());
        assertNotEquals(again.restatement(), record.restatedBy("replica-3").restatement());
        assertNull(record.restatement());
    }

    @Test
    void values_that_are_not_policy_records_are_refused_saying_what_is_wrong() {
        String good = new String(proposed().encode(), StandardCharsets.UTF_8);
        assertEquals("not JSON", message("{oops").substring(0, 8));
        assertTrue(message("[1]").contains("not a JSON object"));
        assertTrue(message(good.replace("\"parent\":7,", "")).contains("parent is missing"));
        assertTrue(message(good.replace("\"parent\":7", "\"parent\":-1")).contains("parent"));
        assertTrue(message(good.replace("\"at\":\"2026-03-01T10:15:30Z\"", "\"at\":\"yesterday\""))
                .contains("ISO-8601"));
        assertTrue(message(good.replace("\"weight\":70", "\"weight\":-70")).contains("policy is invalid"));
        assertThrows(IllegalArgumentException.class, () -> PolicyRecord.decode(null));
    }

    private static String message(String value) {
        return assertThrows(IllegalArgumentException.class,
                () -> PolicyRecord.decode(value.getBytes(StandardCharsets.UTF_8))).getMessage();
    }
}
