package org.freerpacapture.adapters.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Credentials that are fetched off the caller's thread and held. Signing needs the identity on the thread that
 * signs, and a source such as the default chain may read a profile file or ask the instance metadata service. So
 * this holds the last identity and answers with it at once, asks the source only on {@code fetchPool}, and says
 * whether it is {@link #ready()}: a caller on an event loop signs in place only then, and on the pool otherwise.
 * <ul>
 *   <li>nothing yet, or the identity expires within {@link #EXPIRY_MARGIN}: not ready; a call waits for a fetch;</li>
 *   <li>fetched more than {@link #REFRESH_AFTER} ago, or expiring within twice the margin: the call gets the
 *       identity it has, and one fetch in the background replaces it (a failed fetch keeps the old one).</li>
 * </ul>
 * Keys rotated at the source are thus used within {@link #REFRESH_AFTER} plus one fetch.
 */
public final class NonBlockingCredentials {

    public static final Duration REFRESH_AFTER = Duration.ofMinutes(1);
    public static final Duration EXPIRY_MARGIN = Duration.ofMinutes(1);

    private record Fetched(AwsCredentials credentials, Instant at) {
    }

    private final AwsCredentialsProvider source;
    private final Executor fetchPool;
    private final Clock clock;
    private final AtomicReference<Fetched> last = new AtomicReference<>();
    /** The fetch in flight, if any: calls that must wait share it, a background refresh is not started twice. */
    private final AtomicReference<CompletableFuture<AwsCredentials>> fetching = new AtomicReference<>();

    public NonBlockingCredentials(AwsCredentialsProvider source, Executor fetchPool) {
        this(source, fetchPool, Clock.systemUTC());
    }

    NonBlockingCredentials(AwsCredentialsProvider source, Executor fetchPool, Clock clock) {
        this.source = source;
        this.fetchPool = fetchPool;
        this.clock = clock;
    }

    /** Starts the first fetch, so the first call finds the identity held. */
    public NonBlockingCredentials prefetch() {
        fetch();
        return this;
    }

    /** Whether {@link #identity} answers at once: an identity is held and not about to expire. */
    public boolean ready() {
        Fetched held = last.get();
        return held != null && !expiresWithin(held, clock.instant(), EXPIRY_MARGIN);
    }

    /** The identity to sign with: at once when one is held, else when the fetch on the pool ends. */
    public CompletableFuture<AwsCredentialsIdentity> identity() {
        Instant now = clock.instant();
        Fetched held = last.get();
        if (held == null || expiresWithin(held, now, EXPIRY_MARGIN)) {
            return fetch().thenApply(c -> c);
        }
        if (now.isAfter(held.at.plus(REFRESH_AFTER)) || expiresWithin(held, now, EXPIRY_MARGIN.multipliedBy(2))) {
            fetch();
        }
        return CompletableFuture.completedFuture(held.credentials);
    }

    private static boolean expiresWithin(Fetched held, Instant now, Duration margin) {
        return held.credentials.expirationTime().map(expiry -> expiry.isBefore(now.plus(margin))).orElse(false);
    }

    private CompletableFuture<AwsCredentials> fetch() {
        CompletableFuture<AwsCredentials> started = new CompletableFuture<>();
        CompletableFuture<AwsCredentials> running = fetching.compareAndExchange(null, started);
        if (running != null) {
            return running;
        }
        try {
            fetchPool.execute(() -> {
                try {
                    AwsCredentials credentials = source.resolveCredentials();
                    last.set(new Fetched(credentials, clock.instant()));
                    fetching.set(null);
                    started.complete(credentials);
                } catch (RuntimeException e) {
                    fetching.set(null);
                    started.completeExceptionally(e);
                }
            });
        } catch (RuntimeException rejected) {
            fetching.set(null);
            started.completeExceptionally(rejected);
        }
        return started;
    }

    @Override
    public String toString() {
        // The source's own text may name the key id; the class is enough.
        return "NonBlockingCredentials(" + source.getClass().getSimpleName() + ")";
    }
}
