package org.freerpacapture.gateway.http;

import org.freerpacapture.inference.document.DocumentException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the caller is told when decoding fails for the gateway's reasons rather than the file's. */
class DecodeFailureAnswersTest {

    @Test
    void memory_running_out_while_decoding_is_503_with_retry_after() {
        ApiException answer = ErrorResponder.classify(new DocumentException("out_of_memory", 503,
                "The gateway ran out of memory decoding page 1 of the PDF; retry later."), 500);

        assertEquals(503, answer.status());
        assertEquals("out_of_memory", answer.code());
        assertEquals(Optional.of(Duration.ofSeconds(1)), answer.retryAfter());
    }

    @Test
    void a_page_too_complex_to_draw_is_422_without_retry_after() {
        ApiException answer = ErrorResponder.classify(new DocumentException("pdf_too_complex", 422,
                "Page 1 of the PDF needs more than 200000 drawing operations."), 500);

        assertEquals(422, answer.status());
        assertEquals(Optional.empty(), answer.retryAfter(), "the same file fails the same way: waiting is no help");
    }
}
