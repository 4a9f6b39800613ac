package org.freerpacapture.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.support.GatedReader;
import org.freerpacapture.gateway.support.RunningGateway;
import org.freerpacapture.gateway.support.ScriptedProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health endpoints, readiness, and the OpenAPI document staying true to the router. */
@ExtendWith(VertxExtension.class)
class HealthAndSpecTest {

    private RunningGateway gateway;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        gateway = RunningGateway.start(vertx, RunningGateway.loopbackConfig(), new ScriptedProvider(),
                GatedReader.real());
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
    }

    private HttpResponse<Buffer> get(String path) throws Exception {
        return gateway.client.get(path).send().await(10, TimeUnit.SECONDS);
    }

    @Test
    void liveness_is_200_even_while_starting() throws Exception {
        HttpResponse<Buffer> r = get(HttpApi.HEALTH_LIVE);

        assertEquals(200, r.statusCode());
        assertEquals("live", r.bodyAsJsonObject().getString("status"));
    }

    @Test
    void readiness_flips_from_503_to_200_once_providers_are_warm() throws Exception {
        gateway.readiness.provider("onnx:ppocr-v4", Readiness.ProviderState.WARMING_UP);
        HttpResponse<Buffer> starting = get(HttpApi.HEALTH_READY);
        assertEquals(503, starting.statusCode());
        assertEquals("1", starting.getHeader("Retry-After"));
        assertEquals(new JsonObject().put("status", "starting")
                .put("providers", new JsonObject().put("onnx:ppocr-v4", "warming_up")), starting.bodyAsJsonObject());

        gateway.readiness.provider("onnx:ppocr-v4", Readiness.ProviderState.READY);
        gateway.readiness.markReady();
        HttpResponse<Buffer> ready = get(HttpApi.HEALTH_READY);

        assertEquals(200, ready.statusCode());
        assertEquals("ready", ready.bodyAsJsonObject().getString("status"));
        assertEquals("ready", ready.bodyAsJsonObject().getJsonObject("providers").getString("onnx:ppocr-v4"));
    }

    @Test
    void readiness_is_503_again_while_stopping() throws Exception {
        gateway.readiness.markReady();
        gateway.readiness.markStopping();

        HttpResponse<Buffer> r = get(HttpApi.HEALTH_READY);

        assertEquals(503, r.statusCode());
        assertEquals("stopping", r.bodyAsJsonObject().getString("status"));
    }

    @Test
    void openapi_document_is_served_as_yaml() throws Exception {
        HttpResponse<Buffer> r = get(HttpApi.OPENAPI);

        assertEquals(200, r.statusCode());
        assertTrue(r.getHeader("Content-Type").startsWith("application/yaml"));
        Map<String, Object> spec = parse(r.bodyAsString());
        assertEquals("3.1.0", spec.get("openapi"));
    }

    @Test
    void openapi_lists_exactly_the_routes_the_router_serves() throws Exception {
        Map<String, Object> spec = parse(get(HttpApi.OPENAPI).bodyAsString());
        Set<String> documented = new TreeSet<>();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");
        paths.forEach((path, operations) -> operations.keySet().stream()
                .filter(k -> Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(k))
                .forEach(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));

        Set<String> served = gateway.server.api().routes();

        assertFalse(served.isEmpty());
        assertEquals(served, documented);
    }

    @Test
    void every_documented_operation_describes_its_responses_and_errors_use_the_error_schema() throws Exception {
        Map<String, Object> spec = parse(get(HttpApi.OPENAPI).bodyAsString());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Object>>> paths =
                (Map<String, Map<String, Map<String, Object>>>) spec.get("paths");
        for (var path : paths.entrySet()) {
            for (var op : path.getValue().entrySet()) {
                assertTrue(op.getValue().containsKey("responses"), path.getKey() + " " + op.getKey());
            }
        }
        String text = get(HttpApi.OPENAPI).bodyAsString();
        assertTrue(text.contains("#/components/schemas/Error"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String yaml) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }
}
