package org.freerpacapture.adapters.resilience;

import org.freerpacapture.ocr.ProviderException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ProviderCallExceptionTest {

    @ParameterizedTest(name = "HTTP {0} with Retry-After {1}s reads as {2}, retryable={3}")
    @CsvSource({
            "429, 1, THROTTLED, true",
            "403, 3600, THROTTLED, true",
            "403, -1, UNAVAILABLE, false",
            "401, -1, UNAVAILABLE, false",
            "400, -1, REJECTED, false",
            "415, -1, REJECTED, false",
            "408, -1, TIMEOUT, true",
            "500, -1, UNAVAILABLE, true",
            "503, 2, UNAVAILABLE, true",
    })
    void should_read_http_statuses(int status, long retryAfterSeconds, Kind kind, boolean retryable) {
        Duration ra = retryAfterSeconds < 0 ? null : Duration.ofSeconds(retryAfterSeconds);
        ProviderCallException e = ProviderCallException.forStatus(status, "provider says", ra);
        assertEquals(kind, e.kind());
        assertEquals(retryable, e.retryable());
    }

    @ParameterizedTest
    @CsvSource({"1, 1000", "0, 0", "2.5, 2500"})
    void should_parse_retry_after_seconds(String header, long millis) {
        assertEquals(Duration.ofMillis(millis), RetryAfter.parse(header).orElseThrow());
    }

    @Test
    void should_read_a_transport_failure_through_the_futures_wrapping_it() {
        ProviderCallException throttled = ProviderCallException.throttled("slow down", Duration.ofSeconds(1));
        assertSame(throttled, ProviderCallException.forTransport(
                new CompletionException(new ExecutionException(throttled))));
        assertEquals(Kind.UNAVAILABLE, ProviderCallException.forTransport(
                new CompletionException(new ConnectException("refused"))).kind());
    }
}
