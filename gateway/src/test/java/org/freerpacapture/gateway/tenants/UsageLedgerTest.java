package org.freerpacapture.gateway.tenants;

import org.freerpacapture.gateway.http.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageLedgerTest {

    private static final TenantPlans PLANS = TenantPlans.parse("""
            {"tenants": {"acme": {"pagesPerDay": 3, "pagesPerMonth": 5, "cloudBudgetPerMonth": 0.003},
                         "globex": {"cloudBudgetPerMonth": 0}}}
            """, "plans.json");

    /** A clock a test moves by hand. */
    private static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-30T22:00:00Z"));
    private final UsageLedger ledger = new UsageLedger(() -> PLANS, id -> id.equals("textract:eu") ? 0.001 : 0,
            clock);

    @Test
    void each_tenant_has_its_own_pages_and_spend() {
        ledger.pagesRead("acme", 2);
        ledger.spent("acme", "textract:eu", 2);
        ledger.spent("acme", "onnx:ppocr-v4", 2);
        ledger.pagesRead("initech", 7);

        assertEquals(new Usage(LocalDate.parse("2026-12-30"), 2, 2, 2_000_000), ledger.usage("acme"));
        assertEquals(7, ledger.usage("initech").pagesToday());
        assertEquals(0, ledger.usage("initech").spentNanoUsd());
        assertFalse(ledger.budgetExhausted("acme"));
        assertTrue(ledger.budgetExhausted("globex"), "a budget of 0 is spent before the first page");
        assertFalse(ledger.budgetExhausted("initech"), "no budget, never exhausted");
        assertEquals(Map.of("acme", ledger.usage("acme"), "initech", ledger.usage("initech")), ledger.all());
    }

    @Test
    void spend_adds_up_exactly_so_the_budget_is_spent_at_the_third_page() {
        ledger.spent("acme", "textract:eu", 1);
        ledger.spent("acme", "textract:eu", 1);
        assertFalse(ledger.budgetExhausted("acme"));
        ledger.spent("acme", "textract:eu", 1);
        assertTrue(ledger.budgetExhausted("acme"), "0.001 three times is the 0.003 budget, not just below it");
    }

    @Test
    void the_day_quota_refuses_until_midnight_and_the_month_quota_until_the_first() {
        assertTrue(ledger.quotaRefusal("acme").isEmpty());
        ledger.pagesRead("acme", 3);

        ApiException day = ledger.quotaRefusal("acme").orElseThrow();
        assertEquals(429, day.status());
        assertEquals("quota_exceeded", day.code());
        assertEquals(Duration.ofHours(2), day.retryAfter().orElseThrow());
        assertTrue(ledger.quotaRefusal("initech").isEmpty(), "another tenant is not refused");

        clock.set(Instant.parse("2026-12-31T00:00:01Z"));
        assertTrue(ledger.quotaRefusal("acme").isEmpty(), "a new day");
        ledger.pagesRead("acme", 2);
        ApiException month = ledger.quotaRefusal("acme").orElseThrow();
        assertEquals(Duration.ofDays(1).minusSeconds(1), month.retryAfter().orElseThrow());
        assertTrue(month.getMessage().contains("5 pages of this month"), month.getMessage());

        clock.set(Instant.parse("2027-01-01T00:00:00Z"));
        assertEquals(Usage.none(LocalDate.parse("2027-01-01")), ledger.usage("acme"), "a new month starts empty");
        assertTrue(ledger.quotaRefusal("acme").isEmpty());
    }

    @Test
    void counting_from_many_threads_loses_nothing() throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    ledger.pagesRead("acme", 1);
                    ledger.spent("acme", "textract:eu", 1);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(80_000, ledger.usage("acme").pagesThisMonth());
        assertEquals(80_000 * 1_000_000L, ledger.usage("acme").spentNanoUsd());
    }

    @Test
    void usage_saved_to_the_file_is_restored_and_added_to_what_was_counted_since(@TempDir Path dir)
            throws Exception {
        ledger.pagesRead("acme", 2);
        ledger.spent("acme", "textract:eu", 2);
        UsageFile file = new UsageFile(dir.resolve(UsageFile.NAME));
        file.save(ledger.all());

        UsageLedger restarted = new UsageLedger(() -> PLANS, id -> 0.001, clock);
        restarted.pagesRead("acme", 1);
        restarted.restore(file.load());

        assertEquals(new Usage(LocalDate.parse("2026-12-30"), 3, 3, 2_000_000), restarted.usage("acme"));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(dir.resolve(UsageFile.NAME)), left.toList(), "no temporary file left behind");
        }
    }

    @Test
    void a_file_saved_last_month_restores_to_nothing_and_a_broken_one_names_itself(@TempDir Path dir)
            throws Exception {
        UsageFile file = new UsageFile(dir.resolve(UsageFile.NAME));
        file.save(Map.of("acme", new Usage(LocalDate.parse("2026-11-30"), 9, 99, 5)));
        ledger.restore(file.load());
        assertEquals(Usage.none(LocalDate.parse("2026-12-30")), ledger.usage("acme"));

        Files.writeString(file.path(), "{\"tenants\": {\"acme\": {\"pages\": 1}}}");
        Exception e = assertThrows(java.io.IOException.class, file::load);
        assertTrue(e.getMessage().startsWith(file.path().toString()), e.getMessage());
        assertEquals(Map.of(), new UsageFile(dir.resolve("absent.json")).load());
    }
}
