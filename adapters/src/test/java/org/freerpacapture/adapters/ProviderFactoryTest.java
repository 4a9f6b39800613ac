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

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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

    @Test
    void should_tell_where_each_built_in_kind_sends_documents_without_building_it() {
        ProviderFactory factory = new ProviderFactory(vertx);
        assertEquals(Optional.of(URI.create("https://textract.eu-west-1.amazonaws.com")), factory.destination("t",
                Map.of("kind", "textract", "region", "eu-west-1")));
        assertEquals(Optional.of(URI.create("https://vpce-1.textract.eu-west-1.vpce.amazonaws.com")),
                factory.destination("t", Map.of("kind", "textract", "region", "us-east-1",
                        "endpoint", "https://vpce-1.textract.eu-west-1.vpce.amazonaws.com")));
        assertEquals(Optional.of(URI.create("https://eu-documentai.googleapis.com")), factory.destination("d",
                Map.of("kind", "document-ai", "location", "eu", "processor", "p")));
        assertEquals(Optional.of(URI.create("https://us-documentai.googleapis.com")), factory.destination("d",
                Map.of("kind", "document-ai", "processor", "p")));
        assertEquals(Optional.of(URI.create("https://acme.cognitiveservices.azure.com")), factory.destination("a",
                Map.of("kind", "azure-di", "endpoint", "https://acme.cognitiveservices.azure.com",
                        "key", "env:AZURE_DI_KEY")));
    }

    @Test
    void should_not_tell_a_destination_for_a_kind_it_was_handed_or_an_entry_it_refuses() {
        ProviderFactory replaced = new ProviderFactory(vertx).with("azure-di", (v, c) -> new Stub(c));
        assertEquals(Optional.empty(), replaced.destination("a", Map.of("kind", "azure-di",
                "endpoint", "https://acme.cognitiveservices.azure.com")));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new ProviderFactory(
                vertx).destination("a", Map.of("kind", "azure-di", "endpoint", "http://169.254.169.254/")));
        assertTrue(refused.getMessage().contains("metadata"), refused.getMessage());
        IllegalArgumentException badRegion = assertThrows(IllegalArgumentException.class, () -> new ProviderFactory(
                vertx).destination("t", Map.of("kind", "textract", "region", "evil.com/x")));
        assertTrue(badRegion.getMessage().contains("'region'"), badRegion.getMessage());
    }
}
