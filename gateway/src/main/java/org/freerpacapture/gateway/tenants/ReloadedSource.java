package org.freerpacapture.gateway.tenants;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a file or URL says, kept in force and read again every {@code interval}: content that differs from what is
 * in force is parsed on a worker thread and replaces it; content that does not parse is logged once (the parser's
 * message, never the content) and the previous value stays. A source that cannot be read (a file being replaced)
 * is tried again at the next tick.
 *
 * @param <T> what the content is parsed into
 */
final class ReloadedSource<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadedSource.class);

    private final Vertx vertx;
    private final String what;
    private final Supplier<Future<byte[]>> read;
    private final Function<byte[], T> parse;
    private final Duration interval;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile T current;
    private volatile byte[] currentDigest;
    /** Content refused, not parsed (nor logged) again until it changes once more. */
    private volatile byte[] refusedDigest;
    private volatile String lastReadError;
    private volatile long lastCheckNanos;
    private volatile long timer = -1;

    /**
     * @param what  how the log names the source ("API key file /run/secrets/keys.json")
     * @param read  reads the whole content, off the event loop
     * @param parse turns content into a value, or throws with a message fit for the log
     */
    ReloadedSource(Vertx vertx, String what, Supplier<Future<byte[]>> read, Function<byte[], T> parse,
                   Duration interval) {
        this.vertx = vertx;
        this.what = what;
        this.read = read;
        this.parse = parse;
        this.interval = interval;
    }

    /** Reads and parses the source once, then every interval; fails when that first read or parse does. */
    Future<ReloadedSource<T>> start() {
        return read.get()
                .recover(e -> Future.failedFuture(new IllegalArgumentException(what + " cannot be read: "
                        + e.getMessage(), e)))
                .compose(bytes -> vertx.executeBlocking(() -> parse.apply(bytes), false)
                        .recover(e -> Future.failedFuture(new IllegalArgumentException(what + ": " + e.getMessage(),
                                e)))
                        .map(value -> {
                            current = value;
                            currentDigest = digest(bytes);
                            lastCheckNanos = System.nanoTime();
                            timer = vertx.setPeriodic(interval.toMillis(), id -> check());
                            return this;
                        }));
    }

    /** The value in force. */
    T current() {
        return current;
    }

    /** Reads the source now, unless it was read within {@code gap}: something suggests it changed. */
    void checkSoon(Duration gap) {
        if (System.nanoTime() - lastCheckNanos >= gap.toNanos()) {
            check();
        }
    }

    /** Reads the source and puts changed content in force; completes with whether it did. */
    Future<Boolean> check() {
        if (!checking.compareAndSet(false, true)) {
            return Future.succeededFuture(false);
        }
        lastCheckNanos = System.nanoTime();
        return read.get()
                .transform(readResult -> {
                    if (readResult.failed()) {
                        String error = String.valueOf(readResult.cause().getMessage());
                        if (!error.equals(lastReadError)) {
                            lastReadError = error;
                            LOG.warn("{} cannot be read, what it said before stays in force: {}", what, error);
                        }
                        return Future.succeededFuture(false);
                    }
                    lastReadError = null;
                    byte[] bytes = readResult.result();
                    byte[] digest = digest(bytes);
                    if (Arrays.equals(digest, currentDigest) || Arrays.equals(digest, refusedDigest)) {
                        return Future.succeededFuture(false);
                    }
                    return vertx.executeBlocking(() -> parse.apply(bytes), false).transform(parsed -> {
                        if (parsed.failed()) {
                            refusedDigest = digest;
                            LOG.error("{} not reloaded, what it said before stays in force: {}", what,
                                    parsed.cause().getMessage());
                            return Future.succeededFuture(false);
                        }
                        current = parsed.result();
                        currentDigest = digest;
                        refusedDigest = null;
                        LOG.info("{} reloaded: {}", what, current);
                        return Future.succeededFuture(true);
                    });
                })
                .andThen(done -> checking.set(false));
    }

    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Objects.requireNonNull(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
