package org.freerpacapture.gateway.observability;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import org.freerpacapture.gateway.GatewayServer;
import org.freerpacapture.gateway.execute.RequestExecutor;
import org.freerpacapture.gateway.http.Readiness;
import org.freerpacapture.gateway.support.GatedReader;
import org.freerpacapture.gateway.support.RunningGateway;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The HTTP API on loopback with observability as production wires it: Vert.x built by
 * {@link Observability#newVertx}, and {@code GET /metrics} on a second listener standing in for the admin port.
 */
final class ObservedGateway implements AutoCloseable {

    final Observability observability;
    final Vertx vertx;
    final GatewayServer server;
    final HttpServer admin;
    final WebClient client;
    final WebClient adminClient;

    private ObservedGateway(Observability observability, Vertx vertx, GatewayServer server, HttpServer admin) {
        this.observability = observability;
        this.vertx = vertx;
        this.server = server;
        this.admin = admin;
        this.client = RunningGateway.loopbackClient(vertx, server.port());
        this.adminClient = RunningGateway.loopbackClient(vertx, admin.actualPort());
    }

    /** Starts a gateway whose executor {@code executor} makes from the observability's hooks and the Vert.x. */
    static ObservedGateway start(Observability observability,
                                 Function<Setup, RequestExecutor> executor) throws Exception {
        Vertx vertx = observability.newVertx(new VertxOptions());
        RequestExecutor made = executor.apply(new Setup(vertx, observability.hooks()));
        GatewayServer server = GatewayServer.start(vertx, RunningGateway.loopbackConfig(), made, GatedReader.real(),
                new Readiness(), observability).await(10, TimeUnit.SECONDS);
        Router router = Router.router(vertx);
        router.get(Observability.METRICS_PATH).handler(observability.metricsEndpoint());
        HttpServer admin = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        return new ObservedGateway(observability, vertx, server, admin);
    }

    String scrape() throws Exception {
        return adminClient.get(Observability.METRICS_PATH).send().await(10, TimeUnit.SECONDS).bodyAsString();
    }

    @Override
    public void close() throws Exception {
        client.close();
        adminClient.close();
        server.stop(Duration.ofSeconds(1)).await(10, TimeUnit.SECONDS);
        admin.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        observability.close();
    }

    /** What an executor is built from. */
    record Setup(Vertx vertx, ExecutionHooks hooks) {
    }
}
