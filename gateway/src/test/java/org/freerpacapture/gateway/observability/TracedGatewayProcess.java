package org.freerpacapture.gateway.observability;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.freerpacapture.gateway.GatewayServer;
import org.freerpacapture.gateway.execute.SingleProviderExecutor;
import org.freerpacapture.gateway.http.DecoderDocumentReader;
import org.freerpacapture.gateway.http.Readiness;
import org.freerpacapture.gateway.support.RunningGateway;
import org.freerpacapture.inference.ppocr.runtime.InferencePool;
import org.freerpacapture.inference.ppocr.PpOcrModel;
import org.freerpacapture.inference.ppocr.PpOcrProvider;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A gateway process configured by its environment only, as production is: observability from {@code OTEL_*},
 * the HTTP API on a free loopback port (printed as {@code PORT=n}) serving the local PP-OCR v4 engine. It stops,
 * flushing its spans, when its standard input closes.
 */
public final class TracedGatewayProcess {

    private TracedGatewayProcess() {
    }

    public static void main(String[] args) throws Exception {
        Observability observability = Observability.fromEnvironment(System.getenv());
        Vertx vertx = observability.newVertx(new VertxOptions());
        InferencePool pool = new InferencePool("inference-pool", 2, 8);
        PpOcrProvider engine = PpOcrProvider.load(PpOcrModel.V4, pool);
        var config = RunningGateway.loopbackConfig();
        GatewayServer server = GatewayServer.start(vertx, config,
                new SingleProviderExecutor(engine, observability.hooks()), DecoderDocumentReader.of(config.limits()),
                new Readiness(), observability).await(30, TimeUnit.SECONDS);
        System.out.println("PORT=" + server.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // Runs until the parent closes our standard input.
        }
        server.stop(Duration.ofSeconds(2)).await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        observability.close();
        engine.close();
        pool.close();
        System.exit(0);
    }
}
