package org.freerpacapture.gateway.config;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A settings file read again when its content changes: polled on a worker thread (never the event loop), compared
 * by digest so a rewrite with the same bytes or a touched timestamp changes nothing. A new content that its reader
 * refuses leaves the one in force and is logged with the reader's message only: these files may hold secrets'
 * hashes, never worth a log line.
 */
public final class WatchedFile implements AutoCloseable {

    /** How often watched files are looked at: a change is in force within this and one read. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(WatchedFile.class);

    private final Vertx vertx;
    private final Path file;
    private final String what;
    private final Consumer<String> apply;
    private volatile byte[] digest;
    private final long timer;

    private WatchedFile(Vertx vertx, Path file, String what, Consumer<String> apply, byte[] digest,
                        Duration interval) {
        this.vertx = vertx;
        this.file = file;
        this.what = what;
        this.apply = apply;
        this.digest = digest;
        this.timer = vertx.setPeriodic(interval.toMillis(), id -> vertx.executeBlocking(() -> {
            check();
            return null;
        }, false));
    }

    /**
     * Reads {@code file} on a worker thread, hands its content to {@code apply}, which throws
     * {@link IllegalArgumentException} to refuse it, and then reads it again every {@code interval} and hands it
     * over again if it changed. Fails with a {@link ConfigException} when the file cannot be read or its first
     * content is refused: a gateway does not start on a file it cannot use.
     */
    public static Future<WatchedFile> watch(Vertx vertx, Path file, String what, Consumer<String> apply,
                                            Duration interval) {
        return vertx.executeBlocking(() -> {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new ConfigException(what + " " + file + " cannot be read: " + e.getMessage());
            }
            try {
                apply.accept(new String(bytes, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
            return new WatchedFile(vertx, file, what, apply, sha256(bytes), interval);
        }, false);
    }

    private void check() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            LOG.warn("{} {} cannot be read ({}); the one read before stays in force", what, file, e.toString());
            return;
        }
        byte[] now = sha256(bytes);
        if (Arrays.equals(now, digest)) {
            return;
        }
        digest = now;
        try {
            apply.accept(new String(bytes, StandardCharsets.UTF_8));
            LOG.info("{} {} changed: read again", what, file);
        } catch (IllegalArgumentException e) {
            LOG.error("{} changed but was refused, the one read before stays in force: {}", what, e.getMessage());
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
