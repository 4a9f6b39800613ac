package org.freerpacapture.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the admin API writes: the values serialize with a plain ObjectMapper, no extra modules. */
class AdminDocumentsTest {

    private final ObjectMapper plain = new ObjectMapper();
    private final TestClock clock = new TestClock();

    @Test
    void history_entries_serialize_with_an_iso_timestamp() throws Exception {
        PolicyStore store = new PolicyStore(RoutingPolicy.parse(Policies.ab(50, 50)), clock);
        store.startCanary("ab", "v3", 10, "ops");
        JsonNode history = plain.valueToTree(store.history());
        JsonNode last = history.get(1);
        assertEquals("2026-01-01T00:00:00Z", last.path("at").asText());
        assertEquals(2, last.path("version").asLong());
        assertEquals("ops", last.path("actor").asText());
        assertTrue(last.path("changes").isArray());
    }

    @Test
    void stats_and_errors_serialize_as_plain_objects() throws Exception {
        RoutingStats stats = new RoutingStats(clock);
        stats.of("ab", "v3").recordRequest(Duration.ofMillis(12), false);
        JsonNode s = plain.valueToTree(stats.snapshot(Duration.ofMinutes(5))).get(0);
        assertEquals(1, s.path("requests").asLong());
        assertTrue(s.path("agreement").isNull());
        JsonNode e = plain.valueToTree(List.of(new ValidationError("/routes", "no catch-all route")));
        assertEquals("/routes", e.get(0).path("pointer").asText());
    }
}
