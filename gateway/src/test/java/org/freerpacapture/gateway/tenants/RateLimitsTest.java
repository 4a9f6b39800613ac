package org.freerpacapture.gateway.tenants;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimitsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimits limits = new RateLimits(TenantPlans.parse("""
            {"tenants": {"acme": {"requestsPerSecond": {"rate": 10, "burst": 10},
                                  "pagesPerSecond": {"rate": 1, "burst": 5},
                                  "perKey": {"requestsPerSecond": {"rate": 1, "burst": 2}}}}}
            """, "plans"), now::get);
    private final Caller bot1 = new Caller("acme", "bot-1", Caller.Proof.API_KEY);
    private final Caller bot2 = new Caller("acme", "bot-2", Caller.Proof.API_KEY);

    @Test
    void each_key_has_its_own_bucket_inside_its_tenants() {
        assertTrue(limits.admitRequest(bot1).allowed());
        assertTrue(limits.admitRequest(bot1).allowed());
        RateLimits.Verdict third = limits.admitRequest(bot1);
        assertFalse(third.allowed());
        assertEquals("key 'bot-1' requests", third.what());
        assertEquals(Duration.ofSeconds(1), third.retryAfter());
        for (int i = 0; i < 2; i++) {
            assertTrue(limits.admitRequest(bot2).allowed(), "another key of the tenant is not held back");
        }
        now.addAndGet(1_000_000_000L);
        assertTrue(limits.admitRequest(bot1).allowed(), "a token a second");
    }

    @Test
    void a_refusal_by_the_tenants_bucket_gives_the_keys_token_back() {
        RateLimits tight = new RateLimits(TenantPlans.parse("""
                {"tenants": {"acme": {"requestsPerSecond": {"rate": 1, "burst": 1},
                                      "perKey": {"requestsPerSecond": {"rate": 1, "burst": 2}}}}}
                """, "plans"), now::get);
        assertTrue(tight.admitRequest(bot1).allowed());
        assertEquals("tenant 'acme' requests", tight.admitRequest(bot1).what());
        now.addAndGet(1_000_000_000L);
        RateLimits.Verdict after = tight.admitRequest(bot1);
        assertTrue(after.allowed());
        assertEquals(0, after.remaining(), "the tightest bucket, the tenant's, is empty again");
        now.addAndGet(1_000_000_000L);
        assertTrue(tight.admitRequest(bot1).allowed(), "the key still had a token: the refused take was given back");
    }

    @Test
    void a_long_document_passes_a_full_bucket_and_leaves_it_in_debt() {
        assertTrue(limits.admitPages(bot1, 30).allowed(), "more pages than the burst pass a full bucket");
        RateLimits.Verdict next = limits.admitPages(bot1, 1);
        assertFalse(next.allowed());
        assertEquals(Duration.ofSeconds(26), next.retryAfter(), "25 pages of debt and one more, at a page a second");
    }

    @Test
    void tenants_without_a_rate_are_never_counted_and_full_buckets_are_forgotten() {
        Caller other = new Caller("globex", "bot", Caller.Proof.API_KEY);
        assertFalse(limits.admitRequest(other).limited());
        assertTrue(limits.admitRequest(bot1).allowed());
        assertEquals(2, limits.buckets());
        now.addAndGet(10_000_000_000L);
        limits.sweep();
        assertEquals(0, limits.buckets());
    }
}
