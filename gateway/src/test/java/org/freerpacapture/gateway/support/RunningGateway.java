package org.freerpacapture.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.freerpacapture.gateway.GatewayServer;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.execute.RequestExecutor;
import org.freerpacapture.gateway.execute.SingleProviderExecutor;
import org.freerpacapture.gateway.http.DocumentReader;
import org.freerpacapture.gateway.http.Readiness;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The whole HTTP layer on a loopback port, with a client pointed at it. */
public final class RunningGateway implements AutoCloseable {

    public final GatewayServer server;
    public final WebClient client;
    public final Readiness readiness;

    private RunningGateway(GatewayServer server, WebClient client, Readiness readiness) {
        this.server = server;
        this.client = client;
        this.readiness = readiness;
    }

    /** Loopback, a free port, and the defaults otherwise. */
    public static GatewayConfig loopbackConfig() {
        return GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0);
    }

    /** A client for a port this test opened on loopback. */
    public static WebClient loopbackClient(Vertx vertx, int port) {
        return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    public static RunningGateway start(Vertx vertx, GatewayConfig config, RequestExecutor executor,
                                       DocumentReader reader) throws Exception {
        Readiness readiness = new Readiness();
        GatewayServer server = GatewayServer.start(vertx, config, executor, reader, readiness)
                .await(10, TimeUnit.SECONDS);
        return new RunningGateway(server, loopbackClient(vertx, server.port()), readiness);
    }

    public static RunningGateway start(Vertx vertx, GatewayConfig config, ScriptedProvider provider,
                                       DocumentReader reader) throws Exception {
        return start(vertx, config, new SingleProviderExecutor(provider), reader);
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.stop(Duration.ofSeconds(1)).await(10, TimeUnit.SECONDS);
    }
}
