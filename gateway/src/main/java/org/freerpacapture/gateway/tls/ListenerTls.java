package org.freerpacapture.gateway.tls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The TLS part of one listener's options, built from the PEM files the settings name, and the watch that puts
 * changed files in force: every {@code reloadInterval} the files are read on a worker thread and compared with
 * what is served; new content goes to the running server through {@link HttpServer#updateSSLOptions}, so
 * connections opened afterwards get it and open ones keep theirs. Content that does not make a usable
 * certificate is refused by Vert.x, logged once, and the old one kept. Files that cannot be read (one being
 * replaced) are tried again at the next tick.
 *
 * <p>{@link #NONE} leaves the options as they are: plain HTTP.
 */
public final class ListenerTls {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerTls.class);

    /** Plain HTTP. */
    public static final ListenerTls NONE = new ListenerTls(null, GatewayConfig.Tls.NONE, false, null, "");

    private final Vertx vertx;
    private final GatewayConfig.Tls files;
    private final boolean clientCertificates;
    private final String listener;
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile Pem current;
    /** Content Vert.x refused, not tried (nor logged) again until the files change once more. */
    private volatile Pem refused;
    private volatile long timer = -1;

    /** The files' content as last put in force. */
    private record Pem(byte[] certificate, byte[] key, byte[] clientCa) {
        boolean same(Pem other) {
            return Arrays.equals(certificate, other.certificate) && Arrays.equals(key, other.key)
                    && Arrays.equals(clientCa, other.clientCa);
        }
    }

    private ListenerTls(Vertx vertx, GatewayConfig.Tls files, boolean clientCertificates, Pem current,
                        String listener) {
        this.vertx = vertx;
        this.files = files;
        this.clientCertificates = clientCertificates;
        this.current = current;
        this.listener = listener;
    }

    /**
     * Reads the files (on a worker thread) for one listener; {@link #NONE} when TLS is off.
     *
     * @param clientCertificates ask clients for a certificate from {@code files.adminClientCa()} (the admin port)
     * @param listener           the listener's name, for the log
     */
    public static Future<ListenerTls> load(Vertx vertx, GatewayConfig.Tls files, boolean clientCertificates,
                                           String listener) {
        if (!files.enabled()) {
            return Future.succeededFuture(NONE);
        }
        boolean mutual = clientCertificates && files.adminClientCa() != null;
        return vertx.executeBlocking(() -> read(files, mutual), false)
                .map(pem -> new ListenerTls(vertx, files, mutual, pem, listener));
    }

    /** {@code options} with TLS on and the files' content, or as they are for plain HTTP. */
    public HttpServerOptions applyTo(HttpServerOptions options) {
        if (current == null) {
            return options;
        }
        ServerSSLOptions ssl = sslOptions(current);
        options.setSsl(true).setKeyCertOptions(ssl.getKeyCertOptions()).setClientAuth(ssl.getClientAuth());
        if (ssl.getTrustOptions() != null) {
            options.setTrustOptions(ssl.getTrustOptions());
        }
        return options;
    }

    /** Starts comparing the files with what {@code server} serves, every {@code reloadInterval}. */
    public void watch(HttpServer server) {
        if (current == null) {
            return;
        }
        timer = vertx.setPeriodic(files.reloadInterval().toMillis(), id -> reloadIfChanged(server));
    }

    /** Stops the watch. */
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void reloadIfChanged(HttpServer server) {
        if (!reading.compareAndSet(false, true)) {
            return;
        }
        vertx.executeBlocking(() -> read(files, clientCertificates), false)
                .compose(pem -> {
                    if (pem.same(current) || (refused != null && pem.same(refused))) {
                        return Future.succeededFuture(false);
                    }
                    return server.updateSSLOptions(sslOptions(pem), true)
                            .onFailure(e -> refused = pem)
                            .map(updated -> {
                                if (updated) {
                                    current = pem;
                                    LOG.info("{}: TLS certificate reloaded from {}", listener, files.certificate());
                                }
                                return updated;
                            });
                })
                .onComplete(ar -> reading.set(false))
                .onFailure(e -> LOG.warn("{}: TLS files not reloaded, the previous certificate stays in force: {}",
                        listener, e.toString()));
    }

    private ServerSSLOptions sslOptions(Pem pem) {
        ServerSSLOptions ssl = new ServerSSLOptions().setKeyCertOptions(new PemKeyCertOptions()
                .setCertValue(Buffer.buffer(pem.certificate())).setKeyValue(Buffer.buffer(pem.key())));
        if (clientCertificates) {
            ssl.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pem.clientCa())))
                    .setClientAuth(ClientAuth.REQUIRED);
        }
        return ssl;
    }

    private static Pem read(GatewayConfig.Tls files, boolean clientCa) throws IOException {
        List<Path> missing = new ArrayList<>();
        byte[] cert = readOrNote(files.certificate(), missing);
        byte[] key = readOrNote(files.key(), missing);
        byte[] ca = clientCa ? readOrNote(files.adminClientCa(), missing) : new byte[0];
        if (!missing.isEmpty()) {
            throw new IOException("cannot read TLS file(s) " + missing);
        }
        return new Pem(cert, key, ca);
    }

    private static byte[] readOrNote(Path file, List<Path> missing) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            missing.add(file);
            return new byte[0];
        }
    }
}
