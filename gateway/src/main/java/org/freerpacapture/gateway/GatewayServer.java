package org.freerpacapture.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.execute.RequestExecutor;
import org.freerpacapture.gateway.http.ConnectionGuard;
import org.freerpacapture.gateway.http.DocumentReader;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.http.Readiness;
import org.freerpacapture.gateway.observability.Observability;
import org.freerpacapture.gateway.tenants.CallerAuthentication;
import org.freerpacapture.gateway.tenants.Tenants;
import org.freerpacapture.gateway.tls.ListenerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;

/**
 * The public HTTP listener serving {@link HttpApi}. Takes its parts from outside, so tests start the whole HTTP
 * layer on loopback with test providers, and {@link GatewayMain} with the real ones.
 */
public final class GatewayServer {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    /** Directory under the temporary directory where earlier versions stored multipart parts. */
    static final String LEFTOVER_UPLOADS = "gateway-uploads";

    private final Vertx vertx;
    private final HttpApi api;
    private final HttpServer server;
    private final Readiness readiness;
    private final ListenerTls tls;

    private GatewayServer(Vertx vertx, HttpApi api, HttpServer server, Readiness readiness, ListenerTls tls) {
        this.vertx = vertx;
        this.api = api;
        this.server = server;
        this.readiness = readiness;
        this.tls = tls;
    }

    /** Binds {@code config.host():config.httpPort()} (port 0 picks a free one) and serves. */
    public static Future<GatewayServer> start(Vertx vertx, GatewayConfig config, RequestExecutor executor,
                                              DocumentReader reader, Readiness readiness) {
        return start(vertx, config, executor, reader, readiness, Observability.untraced());
    }

    /** As above, traced, measured and logged through {@code observability}. */
    public static Future<GatewayServer> start(Vertx vertx, GatewayConfig config, RequestExecutor executor,
                                              DocumentReader reader, Readiness readiness,
                                              Observability observability) {
        return start(vertx, config, executor, reader, readiness, observability, Tenants.unlimited());
    }

    /** As above, each caller held to its tenant's plan. */
    public static Future<GatewayServer> start(Vertx vertx, GatewayConfig config, RequestExecutor executor,
                                              DocumentReader reader, Readiness readiness,
                                              Observability observability, Tenants tenants) {
        return vertx.executeBlocking(() -> {
            removeLeftoverUploads();
            return null;
        }, false).compose(cleaned -> CallerAuthentication.start(vertx, config.auth())).compose(authentication ->
                ListenerTls.load(vertx, config.tls(), false, "HTTP API")
                        .onFailure(e -> authentication.close())
                        .compose(tls -> listen(vertx, config, executor, reader, readiness, observability,
                                authentication, tenants, tls)));
    }

    private static Future<GatewayServer> listen(Vertx vertx, GatewayConfig config, RequestExecutor executor,
                                                DocumentReader reader, Readiness readiness,
                                                Observability observability, CallerAuthentication authentication,
                                                Tenants tenants, ListenerTls tls) {
        HttpApi api = new HttpApi(vertx, config, executor, reader, readiness, observability, authentication,
                tenants);
        HttpServer server = vertx.createHttpServer(tls.applyTo(listenerOptions(config)));
        Duration bodyTimeout = min(config.connections().bodyTimeout(), config.requestTimeout());
        ConnectionGuard guard = new ConnectionGuard(vertx, "HTTP API", config.connections(), bodyTimeout);
        return guard.install(server, api.router()).listen()
                .onFailure(e -> api.close())
                .map(bound -> {
                    tls.watch(bound);
                    LOG.info("HTTP API listening on {}:{}{}{}", config.host(), bound.actualPort(),
                            config.tls().enabled() ? " (TLS)" : "",
                            authentication.enabled() ? ", callers by " + config.auth().methods() : "");
                    return new GatewayServer(vertx, api, bound, readiness, tls);
                });
    }

    /**
     * Earlier versions kept multipart parts as files here, and a killed process left them behind; uploads are now
     * read in memory, so whatever is there is a leftover.
     */
    static void removeLeftoverUploads() {
        Path leftovers = Path.of(System.getProperty("java.io.tmpdir"), LEFTOVER_UPLOADS);
        if (!Files.isDirectory(leftovers)) {
            return;
        }
        try (Stream<Path> files = Files.walk(leftovers)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            LOG.info("removed upload files left by an earlier run from {}", leftovers);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot remove upload files left by an earlier run from {}: {}", leftovers, e.toString());
        }
    }

    /** Everything the public listener is opened with. */
    static HttpServerOptions listenerOptions(GatewayConfig config) {
        return ConnectionGuard.options(config.host(), config.httpPort(), config.connections())
                .setCompressionSupported(true);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public int port() {
        return server.actualPort();
    }

    public HttpApi api() {
        return api;
    }

    /** Stops gracefully at once: {@link #stop(Duration, Duration)} without the time for load balancers to notice. */
    public Future<Void> stop(Duration drain) {
        return stop(Duration.ZERO, drain);
    }

    /**
     * Stops gracefully: reports not ready while still serving for {@code readyDelay}, so load balancers stop sending
     * (every response meanwhile says {@code Connection: close}, so keep-alive clients reconnect elsewhere instead of
     * sending into a socket about to close); then stops accepting connections, lets requests in flight finish for up
     * to {@code drain}, and closes what is left.
     */
    public Future<Void> stop(Duration readyDelay, Duration drain) {
        readiness.markStopping();
        tls.close();
        LOG.info("stopping: not ready, still serving for {} ms; {} request(s) in flight", readyDelay.toMillis(),
                api.inFlight());
        Promise<Void> noticed = Promise.promise();
        if (readyDelay.isZero() || readyDelay.isNegative()) {
            noticed.complete();
        } else {
            vertx.setTimer(readyDelay.toMillis(), id -> noticed.complete());
        }
        return noticed.future()
                .compose(v -> {
                    LOG.info("closing the listener: {} request(s) in flight, draining for up to {} ms",
                            api.inFlight(), drain.toMillis());
                    return server.shutdown(drain.toMillis(), TimeUnit.MILLISECONDS);
                })
                .eventually(() -> {
                    api.close();
                    LOG.info("HTTP API stopped");
                    return Future.succeededFuture();
                });
    }
}
