package org.freerpacapture.adapters.resilience;

import org.freerpacapture.adapters.CapturedLogs;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstreamTextTest {

    @Test
    void callers_get_the_code_and_the_log_gets_the_words_once() {
        try (CapturedLogs logs = new CapturedLogs()) {
            String shown = UpstreamText.refused("Textract", "InvalidParameterException", "HTTP 400",
                    "bucket internal-payroll-7 in account 123456789012 is not readable");
            assertEquals("Textract InvalidParameterException: the service refused the document", shown);
            assertEquals(1, logs.text().split("internal-payroll-7", -1).length - 1, logs.text());
        }
    }

    @Test
    void a_code_that_is_not_a_plain_token_is_not_shown() {
        assertEquals("Azure HTTP 400", UpstreamText.reduce("Azure", "<script>alert(1)</script>", "HTTP 400", null));
        assertEquals("Azure HTTP 500", UpstreamText.reduce("Azure", "a".repeat(65), "HTTP 500", ""));
        assertEquals("Azure HTTP 502", UpstreamText.reduce("Azure", null, "HTTP 502", null));
    }

    @Test
    void the_logged_text_cannot_forge_log_lines_or_flood_the_log() {
        String forged = "oops\n2026-01-01 INFO admin token accepted\r" + "x".repeat(5_000);
        String line = UpstreamText.loggable(forged);
        assertFalse(line.contains("\n") || line.contains("\r"));
        assertTrue(line.length() <= UpstreamText.LOGGED_CHARS + 1, String.valueOf(line.length()));
    }
}
