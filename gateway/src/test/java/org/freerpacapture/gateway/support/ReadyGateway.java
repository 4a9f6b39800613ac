package org.freerpacapture.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.freerpacapture.gateway.Gateway;
import org.freerpacapture.gateway.config.GatewayConfig;

import java.util.concurrent.TimeUnit;

/** The whole gateway as {@code java -jar} starts it, ready (models loaded), with clients on its two ports. */
public final class ReadyGateway implements AutoCloseable {

    public final Gateway gateway;
    public final WebClient api;
    public final WebClient admin;

    private ReadyGateway(Gateway gateway, WebClient api, WebClient admin) {
        this.gateway = gateway;
        this.api = api;
        this.admin = admin;
    }

    /** Starts the gateway and waits until {@code /health/ready} would say so (local models take a while). */
    public static ReadyGateway start(Vertx vertx, GatewayConfig config) throws Exception {
        Gateway gateway = Gateway.start(vertx, config).await(30, TimeUnit.SECONDS);
        gateway.ready().await(120, TimeUnit.SECONDS);
        return new ReadyGateway(gateway, RunningGateway.loopbackClient(vertx, gateway.port()),
                RunningGateway.loopbackClient(vertx, gateway.adminPort()));
    }

    @Override
    public void close() throws Exception {
        api.close();
        admin.close();
        gateway.stop().await(30, TimeUnit.SECONDS);
    }
}
