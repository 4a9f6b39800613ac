package org.freerpacapture.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An answered request is not kept in memory by the listener's timers: a caller sending bodies that are refused at
 * once must not make the gateway hold every one of them until the body timeout passes.
 */
class AnsweredRequestsTest {

    @Test
    void a_request_answered_on_a_kept_alive_connection_is_collectable_before_its_body_timeout() throws Exception {
        Vertx vertx = Vertx.vertx();
        List<WeakReference<RoutingContext>> seen = new ArrayList<>();
        try {
            Router router = Router.router(vertx);
            router.route().handler(BodyHandler.create().setBodyLimit(4 * 1024 * 1024));
            router.route().handler(ctx -> {
                synchronized (seen) {
                    seen.add(new WeakReference<>(ctx));
                }
                ctx.response().setStatusCode(503).end("{\"error\":{}}");
            });
            GatewayConfig.Connections limits = GatewayConfig.Connections.DEFAULTS;
            ConnectionGuard guard = new ConnectionGuard(vertx, "test API", limits, Duration.ofSeconds(60));
            HttpServer server = guard.install(vertx.createHttpServer(ConnectionGuard.options("127.0.0.1", 0, limits)),
                    router).listen().await(10, TimeUnit.SECONDS);
            WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(server.actualPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(1));
            Buffer body = Buffer.buffer(new byte[1024 * 1024]);
            for (int i = 0; i < 20; i++) {
                assertEquals(503, client.post("/").sendBuffer(body).await(10, TimeUnit.SECONDS).statusCode());
            }
            long kept = 0;
            for (int attempt = 0; attempt < 20; attempt++) {
                System.gc();
                Thread.sleep(50);
                synchronized (seen) {
                    // The last one may still be the connection's current request.
                    kept = seen.subList(0, seen.size() - 1).stream().filter(r -> r.get() != null).count();
                }
                if (kept == 0) {
                    break;
                }
            }
            assertEquals(20, seen.size());
            assertTrue(kept == 0, kept + " of 19 answered requests (1 MiB each) still held, 60 s body timeout pending");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
