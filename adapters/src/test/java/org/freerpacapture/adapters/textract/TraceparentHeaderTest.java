package org.freerpacapture.adapters.textract;

import io.opentelemetry.api.trace.SpanContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceparentHeaderTest {

    @Test
    void an_xray_header_names_the_trace_and_span_the_traceparent_carries() {
        SpanContext span = TraceparentHeader.fromXray(
                "Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=53995c3f42cd8ad8;Sampled=1").orElseThrow();

        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", span.getTraceId());
        assertEquals("53995c3f42cd8ad8", span.getSpanId());
        assertTrue(span.isSampled());
    }

    @Test
    void an_unsampled_xray_header_stays_unsampled_and_extra_fields_are_ignored() {
        SpanContext span = TraceparentHeader.fromXray(
                "Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=53995c3f42cd8ad8;Sampled=0;Lineage=a87bd80c:1")
                .orElseThrow();

        assertFalse(span.isSampled());
    }

    @Test
    void a_header_without_a_valid_root_or_parent_names_nothing() {
        assertTrue(TraceparentHeader.fromXray("Root=1-4bf92f35-77b34da6a3ce929d0e0e4736").isEmpty());
        assertTrue(TraceparentHeader.fromXray("Parent=53995c3f42cd8ad8;Sampled=1").isEmpty());
        assertTrue(TraceparentHeader.fromXray("Root=2-zz;Parent=53995c3f42cd8ad8").isEmpty());
        assertTrue(TraceparentHeader.fromXray("Root=1-00000000-000000000000000000000000;Parent=53995c3f42cd8ad8")
                .isEmpty());
    }
}
