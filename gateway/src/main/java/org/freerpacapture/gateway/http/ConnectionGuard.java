package org.freerpacapture.gateway.http;

import com.sun.management.UnixOperatingSystemMXBean;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds slow and numerous clients off one listener: caps connections in all and per remote address (refused with
 * 503), gives the request head and then the body a time to arrive (408 after it, and the connection closed), and
 * answers what the HTTP layer itself refuses (414, 431, malformed requests) with the JSON error shape.
 */
public final class ConnectionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    /** Open files the process needs besides connections: jars, models, the admin listener's connections. */
    private static final long FILES_IN_USE = 256;

    /** How long a refused caller should wait before connecting again. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final Vertx vertx;
    private final String listener;
    private final GatewayConfig.Connections limits;
    private final Duration bodyTimeout;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final Map<HttpConnection, Watch> watched = new ConcurrentHashMap<>();

    /**
     * @param listener    the listener's name, for the log
     * @param bodyTimeout how long a body may take after its head: the smaller of the setting and the deadline
     */
    public ConnectionGuard(Vertx vertx, String listener, GatewayConfig.Connections limits, Duration bodyTimeout) {
        this.vertx = vertx;
        this.listener = listener;
        this.limits = limits;
        this.bodyTimeout = bodyTimeout;
        warnIfAboveFileLimit(listener, limits.maxConnections());
    }

    /** A cap above the process's open-file limit never acts: accepting fails first, with no answer at all. */
    private static void warnIfAboveFileLimit(String listener, int maxConnections) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os
                && os.getMaxFileDescriptorCount() - FILES_IN_USE < maxConnections) {
            LOG.warn("{}: GATEWAY_MAX_CONNECTIONS is {} but the open-file limit (ulimit -n) is {}: raise the limit"
                    + " or lower the setting below it", listener, maxConnections, os.getMaxFileDescriptorCount());
        }
    }

    /**
     * The listener options these bounds need; TLS and other transport options are added by the caller. HTTP/2 over
     * cleartext is off: the server then sets a connection up only once its first bytes show which protocol it
     * speaks, so connections that send nothing would go uncounted and untimed.
     */
    public static HttpServerOptions options(String host, int port, GatewayConfig.Connections limits) {
        return new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) limits.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxHeaderSize(limits.maxHeaderSize())
                .setMaxInitialLineLength(limits.maxInitialLine())
                .setMaxFormFields(MultipartIntake.MAX_PARTS)
                .setMaxFormAttributeSize(MultipartIntake.MAX_FIELD_BYTES);
    }

    /** Serves {@code requests} on {@code server} behind these bounds. */
    public HttpServer install(HttpServer server, Handler<HttpServerRequest> requests) {
        return server.connectionHandler(this::opened)
                .invalidRequestHandler(this::invalid)
                // Resets and broken pipes are the caller's doing: one line, no stack trace.
                .exceptionHandler(e -> ClientFaultLog.warn("{}: connection failed: {}", listener,
                        e.getClass().getSimpleName()))
                .requestHandler(request -> {
                    arrived(request);
                    requests.handle(request);
                });
    }

    /** Connections open now. */
    public int openConnections() {
        return open.get();
    }

    private void opened(HttpConnection connection) {
        String address = connection.remoteAddress() == null ? "unknown" : connection.remoteAddress().hostAddress();
        AtomicInteger fromAddress = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        int total = open.incrementAndGet();
        int mine = fromAddress.incrementAndGet();
        Watch watch = new Watch();
        watched.put(connection, watch);
        connection.closeHandler(closed -> {
            watched.remove(connection);
            watch.cancel(vertx);
            open.decrementAndGet();
            if (fromAddress.decrementAndGet() <= 0) {
                perAddress.remove(address, fromAddress);
            }
        });
        if (total > limits.maxConnections() || mine > limits.maxPerAddress()) {
            ClientFaultLog.warn("{}: connection from {} refused: {} open in all, {} from that address", listener,
                    address, total, mine);
            refuse(connection, 503, "too_many_connections", "too many connections are open"
                    + (mine > limits.maxPerAddress() ? " from your address" : "") + "; retry later", true);
            return;
        }
        watch.headTimer = vertx.setTimer(limits.headerTimeout().toMillis(), id -> {
            if (watch.requests == 0) {
                ClientFaultLog.warn("{}: request head from {} not received within {} ms; answered 408", listener,
                        address, limits.headerTimeout().toMillis());
                refuse(connection, 408, "request_timeout", "the request line and headers did not arrive within "
                        + limits.headerTimeout().toMillis() + " ms", false);
            }
        });
    }

    private void arrived(HttpServerRequest request) {
        Watch watch = watched.get(request.connection());
        if (watch == null) {
            return;
        }
        watch.requests++;
        vertx.cancelTimer(watch.headTimer);
        vertx.cancelTimer(watch.nextHeadTimer);
        vertx.cancelTimer(watch.bodyTimer);
        if (!request.isEnded()) {
            // Weakly: the timer outlives an answered request, and must not keep its body in memory meanwhile.
            WeakReference<HttpServerRequest> pending = new WeakReference<>(request);
            watch.bodyTimer = vertx.setTimer(bodyTimeout.toMillis(), id -> {
                HttpServerRequest stillThere = pending.get();
                if (stillThere != null) {
                    bodyOverdue(stillThere);
                }
            });
        }
        awaitNextHead(new WeakReference<>(request), request.connection(), watch, watch.requests);
    }

    /**
     * A kept-alive connection must bring its next request head within the idle timeout of the last one being
     * answered: trickling a head a byte at a time keeps the idle timer from firing, this does not.
     */
    private void awaitNextHead(WeakReference<HttpServerRequest> last, HttpConnection connection, Watch watch,
                               int seen) {
        watch.nextHeadTimer = vertx.setTimer(limits.idleTimeout().toMillis(), id -> {
            if (watch.requests != seen) {
                return;
            }
            HttpServerRequest request = last.get();
            if (request == null || request.response().ended() || request.response().closed()) {
                connection.close();
            } else {
                awaitNextHead(last, connection, watch, seen);
            }
        });
    }

    private void bodyOverdue(HttpServerRequest request) {
        if (request.isEnded()) {
            return;
        }
        ClientFaultLog.warn("{}: body of a {} from {} not received within {} ms; answered 408", listener,
                request.method(), remote(request), bodyTimeout.toMillis());
        answer(request, 408, "request_timeout", "the request body did not arrive within "
                + bodyTimeout.toMillis() + " ms of its headers; send the whole body at once, with a"
                + " Content-Length that matches it");
    }

    /** The HTTP layer could not parse the request (line or head too long, malformed): answered here and closed. */
    private void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
        int status;
        String code;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            code = "uri_too_long";
            message = "the request line is longer than " + limits.maxInitialLine() + " bytes; send parameters"
                    + " in a shorter query";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            code = "headers_too_large";
            message = "the request headers are larger than " + limits.maxHeaderSize() + " bytes";
        } else {
            status = 400;
            code = "malformed_request";
            message = "the request is not valid HTTP/1.1";
        }
        ClientFaultLog.warn("{}: malformed request from {} answered {} {}", listener, remote(request), status, code);
        answer(request, status, code, message);
    }

    /** Answers a request with the JSON error, then closes its connection: what is left of the body is not read. */
    private static void answer(HttpServerRequest request, int status, String code, String message) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed() || response.headWritten()) {
            request.connection().close();
            return;
        }
        String id = response.headers().get(RequestIds.HEADER);
        response.setStatusCode(status)
                .putHeader(RequestIds.HEADER, id != null ? id : RequestIds.takeOrMake(null))
                .putHeader("Content-Type", JsonBodies.CONTENT_TYPE)
                .putHeader("Connection", "close")
                .end(JsonBodies.error(code, message))
                .onComplete(done -> request.connection().close());
    }

    /**
     * Answers on a connection that has no request to answer (yet): the bytes go straight below the HTTP encoder,
     * then the connection is closed. Without access to the channel the connection is just closed.
     */
    private static void refuse(HttpConnection connection, int status, String code, String message,
                               boolean retryLater) {
        Buffer body = JsonBodies.error(code, message);
        String head = "HTTP/1.1 " + status + (status == 408 ? " Request Timeout" : " Service Unavailable") + "\r\n"
                + RequestIds.HEADER + ": " + RequestIds.takeOrMake(null) + "\r\n"
                + "Content-Type: " + JsonBodies.CONTENT_TYPE + "\r\n"
                + (retryLater ? "Retry-After: " + RETRY_AFTER_SECONDS + "\r\n" : "")
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n";
        if (connection instanceof ConnectionBase base) {
            Channel channel = base.channel();
            ChannelHandlerContext encoder = channel.pipeline().context("httpEncoder");
            if (encoder != null) {
                byte[] bytes = (head + body.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                encoder.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(done -> channel.close());
                return;
            }
        }
        connection.close();
    }

    private static String remote(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    /** Timers of one connection; touched only on its event loop. */
    private static final class Watch {
        long headTimer = -1;
        long nextHeadTimer = -1;
        long bodyTimer = -1;
        int requests;

        void cancel(Vertx vertx) {
            vertx.cancelTimer(headTimer);
            vertx.cancelTimer(nextHeadTimer);
            vertx.cancelTimer(bodyTimer);
        }
    }
}
