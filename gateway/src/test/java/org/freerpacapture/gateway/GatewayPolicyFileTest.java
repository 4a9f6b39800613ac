package org.freerpacapture.gateway;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.routing.PolicyFile;
import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GATEWAY_POLICY_FILE at start: a bad file stops the start and says where; a missing one gets the default. */
@ExtendWith(VertxExtension.class)
class GatewayPolicyFileTest {

    @Test
    void an_invalid_policy_file_stops_the_start_naming_the_file_and_every_error(Vertx vertx, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("routing.json");
        Files.writeString(file, """
                {"providers": {"onnx:ppocr-v4": {"kind": "onnx", "model": "ppocr-v4"}},
                 "routes": [{"name": "default", "match": {},
                   "variants": [{"name": "local", "provider": "onnx:ppocr-v9", "weight": -1}]}]}
                """);
        GatewayConfig config = GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0).withAdminPort(0)
                .withPolicyFile(file);

        Exception e = assertThrows(Exception.class, () -> Gateway.start(vertx, config).await(30, TimeUnit.SECONDS));
        String message = e.getMessage();
        assertTrue(message.contains(file.toString()), message);
        assertTrue(message.contains("/routes/0/variants/0/provider"), message);
        assertTrue(message.contains("/routes/0/variants/0/weight"), message);
    }

    @Test
    void a_missing_policy_file_is_written_with_the_default_policy_serving_the_default_provider(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("sub/routing.json");
        RoutingPolicy policy = LiveRouting.initialPolicy(Optional.of(file), "onnx:ppocr-v3");

        assertEquals("onnx:ppocr-v3", policy.routes().get(0).variants().get(0).provider());
        assertEquals(policy, PolicyFile.load(file));
    }
}
