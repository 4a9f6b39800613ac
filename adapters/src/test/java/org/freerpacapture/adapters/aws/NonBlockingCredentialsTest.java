package org.freerpacapture.adapters.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NonBlockingCredentialsTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    /** Runs fetches only when the test says so, so "the caller did not wait" is visible. */
    private final Queue<Runnable> pool = new ArrayDeque<>();
    private final Executor executor = pool::add;
    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private static AwsCredentials key(String id) {
        return AwsBasicCredentials.create(id, "secret-" + id);
    }

    /** A source that answers from a list, one answer per fetch, and counts the fetches. */
    private static final class Source implements AwsCredentialsProvider {
        final List<Supplier<AwsCredentials>> answers = new ArrayList<>();
        int fetches;

        @Override
        public AwsCredentials resolveCredentials() {
            return answers.get(fetches++).get();
        }
    }

    private static CompletableFuture<AwsCredentialsIdentity> resolve(NonBlockingCredentials credentials) {
        return credentials.identity();
    }

    private void runFetches() {
        while (!pool.isEmpty()) {
            pool.poll().run();
        }
    }

    @Test
    void the_first_call_waits_for_a_fetch_on_the_pool_and_later_calls_are_answered_at_once() {
        Source source = new Source();
        source.answers.add(() -> key("AKIA1"));
        NonBlockingCredentials credentials = new NonBlockingCredentials(source, executor, clock);

        CompletableFuture<AwsCredentialsIdentity> first = resolve(credentials);
        CompletableFuture<AwsCredentialsIdentity> second = resolve(credentials);
        assertFalse(first.isDone(), "the source is asked on the pool, not on the caller's thread");
        assertFalse(credentials.ready());
        assertEquals(0, source.fetches);
        runFetches();
        assertTrue(credentials.ready());

        assertEquals("AKIA1", first.join().accessKeyId());
        assertEquals("AKIA1", second.join().accessKeyId());
        assertEquals(1, source.fetches, "callers waiting at the same time share one fetch");
        now = T0.plus(NonBlockingCredentials.REFRESH_AFTER);
        CompletableFuture<AwsCredentialsIdentity> cached = resolve(credentials);
        assertTrue(cached.isDone());
        assertEquals("AKIA1", cached.join().accessKeyId());
        assertTrue(pool.isEmpty(), "no fetch within the refresh interval");
    }

    @Test
    void a_prefetch_makes_the_identity_ready_before_the_first_call() {
        Source source = new Source();
        source.answers.add(() -> key("AKIA1"));
        NonBlockingCredentials credentials = new NonBlockingCredentials(source, executor, clock).prefetch();
        CompletableFuture<AwsCredentialsIdentity> early = resolve(credentials);
        runFetches();

        assertTrue(credentials.ready());
        assertTrue(resolve(credentials).isDone());
        assertEquals("AKIA1", early.join().accessKeyId(), "a call during the prefetch shares it");
        assertEquals(1, source.fetches);
    }

    @Test
    void after_the_refresh_interval_the_held_key_answers_while_one_background_fetch_replaces_it() {
        Source source = new Source();
        source.answers.add(() -> key("AKIA1"));
        source.answers.add(() -> key("AKIA2"));
        NonBlockingCredentials credentials = new NonBlockingCredentials(source, executor, clock);
        resolve(credentials);
        runFetches();

        now = T0.plus(NonBlockingCredentials.REFRESH_AFTER).plusSeconds(1);
        CompletableFuture<AwsCredentialsIdentity> during = resolve(credentials);
        resolve(credentials);
        assertTrue(during.isDone());
        assertEquals("AKIA1", during.join().accessKeyId());
        assertEquals(1, pool.size(), "one background fetch, however many calls");
        runFetches();

        assertEquals("AKIA2", resolve(credentials).join().accessKeyId());
        assertEquals(2, source.fetches);
    }

    @Test
    void a_failed_background_fetch_keeps_the_held_key_and_a_failed_first_fetch_fails_the_call() {
        Source source = new Source();
        source.answers.add(() -> key("AKIA1"));
        source.answers.add(() -> {
            throw new IllegalStateException("metadata service unreachable");
        });
        NonBlockingCredentials credentials = new NonBlockingCredentials(source, executor, clock);
        resolve(credentials);
        runFetches();
        now = T0.plus(NonBlockingCredentials.REFRESH_AFTER).plusSeconds(1);
        resolve(credentials);
        runFetches();

        assertEquals("AKIA1", resolve(credentials).join().accessKeyId());

        assertTrue(credentials.ready(), "a failed refresh leaves the held key in use");

        Source broken = new Source();
        broken.answers.add(() -> {
            throw new IllegalStateException("no credentials in the chain");
        });
        CompletableFuture<AwsCredentialsIdentity> none =
                resolve(new NonBlockingCredentials(broken, executor, clock));
        runFetches();
        CompletionException e = assertThrows(CompletionException.class, none::join);
        assertEquals("no credentials in the chain", e.getCause().getMessage());
    }

    @Test
    void session_keys_about_to_expire_are_not_used_the_call_waits_for_fresh_ones() {
        Source source = new Source();
        AwsCredentials expiring = AwsSessionCredentials.builder().accessKeyId("ASIA1").secretAccessKey("s")
                .sessionToken("t").expirationTime(T0.plus(Duration.ofMinutes(10))).build();
        source.answers.add(() -> expiring);
        source.answers.add(() -> key("ASIA2"));
        NonBlockingCredentials credentials = new NonBlockingCredentials(source, executor, clock);
        resolve(credentials);
        runFetches();

        now = T0.plus(Duration.ofMinutes(9)).plusSeconds(30);
        assertFalse(credentials.ready());
        CompletableFuture<AwsCredentialsIdentity> call = resolve(credentials);
        assertFalse(call.isDone(), "30 s before expiry the held key is not handed out");
        runFetches();

        assertEquals("ASIA2", call.join().accessKeyId());
        assertSame(call.join(), resolve(credentials).join());
    }
}
