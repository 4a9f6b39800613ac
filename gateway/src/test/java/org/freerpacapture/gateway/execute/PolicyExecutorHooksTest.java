package org.freerpacapture.gateway.execute;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.observability.ExecutionHooks;
import org.freerpacapture.gateway.routing.Plan;
import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.freerpacapture.gateway.routing.RoutingStats;
import org.freerpacapture.ocr.Deadline;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The executor tells observability what it does: the plan, every provider call, each shadow's agreement. */
@ExtendWith(VertxExtension.class)
class PolicyExecutorHooksTest {

    private static final String POLICY = """
            {"providers": {"test:down": {"kind": "test", "mode": "fail"}, "test:up": {"kind": "test"},
                           "test:twin": {"kind": "test"}},
             "routes": [
               {"name": "shadowed", "match": {"header": {"X-Shadow": ["on"]}},
                "variants": [{"name": "up", "provider": "test:up", "weight": 100}],
                "shadow": {"provider": "test:twin", "percent": 100}},
               {"name": "default", "match": {},
                "variants": [{"name": "main", "provider": "test:down", "weight": 100}],
                "fallback": ["test:up"]}]}
            """;

    /** Records every hook call as one line. */
    private static final class Recorder implements ExecutionHooks {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch compared = new CountDownLatch(1);

        @Override
        public CompletionStage<OcrResult> call(String providerId, OcrProvider provider, OcrRequest request) {
            calls.add("call " + providerId + (request.background() ? " in the background" : ""));
            return provider.analyze(request);
        }

        @Override
        public CompletionStage<OcrResult> shadowCall(String providerId, OcrProvider provider, OcrRequest copy) {
            calls.add("shadow " + providerId + (copy.background() ? " in the background" : ""));
            return provider.analyze(copy);
        }

        @Override
        public void routed(Plan plan) {
            calls.add("routed " + plan.route() + "/" + plan.variant());
        }

        @Override
        public void shadowCompared(String route, String variant, double agreement) {
            calls.add("agreement " + route + "/" + variant + " " + agreement);
            compared.countDown();
        }
    }

    @Test
    void the_plan_every_provider_call_and_the_shadow_agreement_reach_the_hooks(Vertx vertx) throws Exception {
        RoutingPolicy policy = RoutingPolicy.parse(POLICY);
        Map<String, OcrProvider> providers = Map.of(
                "test:down", TestProvider.fromConfig("test:down", Map.of("mode", "fail")),
                "test:up", TestProvider.fromConfig("test:up", Map.of()),
                "test:twin", TestProvider.fromConfig("test:twin", Map.of()));
        Recorder hooks = new Recorder();
        PolicySnapshot snapshot = new PolicySnapshot(policy, providers);
        PolicyExecutor executor = new PolicyExecutor(vertx, () -> snapshot, new RoutingStats(Clock.systemUTC()),
                new ShadowReader(2, Duration.ofSeconds(5), hooks), hooks);

        Outcome fellBack = executor.execute(request("r1"), info("r1", Map.of())).await(10, TimeUnit.SECONDS);
        assertEquals("test:down", fellBack.fallbackFrom());
        assertEquals(List.of("routed default/main", "call test:down", "call test:up"), hooks.calls);

        hooks.calls.clear();
        executor.execute(request("r2"), info("r2", Map.of("x-shadow", List.of("on")))).await(10, TimeUnit.SECONDS);
        assertTrue(hooks.compared.await(10, TimeUnit.SECONDS), "no agreement reported");
        assertEquals(List.of("routed shadowed/up", "call test:up", "shadow test:twin in the background",
                "agreement shadowed/up 1.0"), hooks.calls);
    }

    private static OcrRequest request(String id) {
        Document document = new Document(new byte[0], "image/png",
                List.of(new PageImage(1, new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR))));
        return new OcrRequest(id, Task.DOCUMENT, document, Set.of(), Deadline.after(Duration.ofSeconds(5)));
    }

    private static RequestInfo info(String id, Map<String, List<String>> headers) {
        return new RequestInfo(id, Task.DOCUMENT, "image/png", 1, headers, Map.of(), null);
    }
}
