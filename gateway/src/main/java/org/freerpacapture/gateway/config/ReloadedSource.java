package org.freerpacapture.gateway.config;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
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
public final class ReloadedSource<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadedSource.class);
    /** How often a settings file is looked at: a change is in force within this and one read. */
    public static final Duration FILE_INTERVAL = Duration.ofSeconds(1);

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
    private volatile Consumer<T> listener = value -> { };

    /**
     * @param what  how the log names the source ("API key file /run/secrets/keys.json")
     * @param read  reads the whole content, off the event loop
     * @param parse turns content into a value, or throws with a message fit for the log
     */
    public ReloadedSource(Vertx vertx, String what, Supplier<Future<byte[]>> read, Function<byte[], T> parse,
                          Duration interval) {
        this.vertx = vertx;
        this.what = what;
        this.read = read;
        this.parse = parse;
        this.interval = interval;
    }

    /** A file, read on a worker thread every {@link #FILE_INTERVAL}. */
    public static <T> ReloadedSource<T> file(Vertx vertx, String what, Path file, Function<byte[], T> parse) {
        return new ReloadedSource<>(vertx, what + " " + file,
                () -> vertx.executeBlocking(() -> Files.readAllBytes(file), false), parse, FILE_INTERVAL);
    }

    /** Reads and parses the source once, then every interval; fails when that first read or parse does. */
    public Future<ReloadedSource<T>> start() {
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
    public T current() {
        return current;
    }

    /** Tells {@code next} of the value in force now, and of every value put in force after it. */
    public void onChange(Consumer<T> next) {
        listener = next;
        next.accept(current);
    }

    /** Reads the source now, unless it was read within {@code gap}: something suggests it changed. */
    public void checkSoon(Duration gap) {
        if (System.nanoTime() - lastCheckNanos >= gap.toNanos()) {
            check();
        }
    }

    /** Reads the source and puts changed content in force; completes with whether it did. */
    public Future<Boolean> check() {
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
                        listener.accept(current);
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
