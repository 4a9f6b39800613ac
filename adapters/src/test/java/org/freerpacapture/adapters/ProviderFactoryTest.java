package org.freerpacapture.adapters;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.freerpacapture.adapters.resilience.ResilienceOptions;
import org.freerpacapture.adapters.resilience.ResilientProvider;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.ProviderInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderFactoryTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private static final class Stub implements OcrProvider {
        final ProviderConfig config;

        Stub(ProviderConfig config) {
            this.config = config;
        }

        @Override
        public ProviderInfo info() {
            return new ProviderInfo(config.id(), "stub", "m", "1");
        }

        @Override
        public CompletionStage<OcrResult> analyze(OcrRequest request) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void should_build_a_registered_kind_wrapped_in_resilience_read_from_the_same_entry() {
        ProviderFactory factory = new ProviderFactory(vertx).with("stub", (v, c) -> new Stub(c));

        ResilientProvider p = factory.create("stub:one", Map.of("kind", "stub", "timeoutMs", 1500,
                "maxRetries", "1", "maxConcurrency", 4,
                "breaker", new JsonObject().put("failureThreshold", 7).put("resetTimeoutMs", 2000),
                "retryBudget", Map.of("ratio", 0.2)));

        assertEquals("stub:one", p.id());
        ResilienceOptions o = p.options();
        assertEquals(Duration.ofMillis(1500), o.attemptTimeout());
        assertEquals(1, o.maxRetries());
        assertEquals(4, o.maxConcurrency());
        assertEquals(7, o.breakerFailureThreshold());
        assertEquals(Duration.ofSeconds(2), o.breakerResetTimeout());
        assertEquals(0.2, o.retryBudgetRatio());
        assertEquals(ResilienceOptions.DEFAULT_BACKOFF_MAX, o.backoffMax());
        assertSame(Stub.class, p.raw().getClass());
    }

    @Test
    void should_name_the_known_kinds_when_the_kind_is_unknown() {
        ProviderFactory factory = new ProviderFactory(vertx).with("stub", (v, c) -> new Stub(c));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> factory.create("x", Map.of("kind", "ocr-9000")));
        assertTrue(e.getMessage().contains("unknown kind 'ocr-9000'"), e.getMessage());
        assertTrue(e.getMessage().contains("stub"), e.getMessage());
    }

    @Test
    void should_reject_invalid_resilience_settings_naming_the_key() {
        ProviderFactory factory = new ProviderFactory(vertx).with("stub", (v, c) -> new Stub(c));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> factory.create("p", Map.of("kind", "stub", "maxConcurrency", 0)));
        assertEquals("provider p: maxConcurrency must be positive", e.getMessage());
    }
}
