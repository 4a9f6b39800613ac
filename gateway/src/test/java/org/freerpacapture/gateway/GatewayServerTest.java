package org.freerpacapture.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.GatedReader;
import org.freerpacapture.gateway.support.RunningGateway;
import org.freerpacapture.gateway.support.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graceful stop: a request in flight when the stop begins still gets its answer. */
@ExtendWith(VertxExtension.class)
class GatewayServerTest {

    @Test
    void stop_lets_a_request_in_flight_finish(Vertx vertx) throws Exception {
        GatedReader reader = GatedReader.real();
        RunningGateway gateway = RunningGateway.start(vertx, RunningGateway.loopbackConfig(), new ScriptedProvider(),
                reader);
        reader.hold();
        Future<HttpResponse<Buffer>> inFlight = gateway.client.post(HttpApi.DOCUMENTS_ANALYZE)
                .putHeader("Content-Type", "image/jpeg").sendBuffer(Buffer.buffer(Fixtures.receiptJpeg()));
        assertTrue(reader.awaitEntered());
        assertEquals(1, gateway.server.api().inFlight());

        Future<Void> stopped = gateway.server.stop(Duration.ofSeconds(5));
        assertTrue(!stopped.isComplete(), "stop waits for the request in flight");
        reader.release();

        assertEquals(200, inFlight.await(10, TimeUnit.SECONDS).statusCode());
        stopped.await(10, TimeUnit.SECONDS);
        assertEquals(0, gateway.server.api().inFlight());
        gateway.client.close();
    }
}
