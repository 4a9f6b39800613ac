package org.freerpacapture.gateway.tenants;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;

/**
 * What one tenant used in a UTC day and month. Immutable: the ledger swaps a tenant's usage for the next one.
 *
 * @param day            the UTC day {@code pagesToday} counts
 * @param pagesToday     pages read that day
 * @param pagesThisMonth pages read in {@code day}'s month
 * @param spentNanoUsd   estimated cloud spend in {@code day}'s month, in billionths of a dollar (whole numbers add
 *                       up exactly, so a budget is spent at the same page on every replica and after a restart)
 */
public record Usage(LocalDate day, long pagesToday, long pagesThisMonth, long spentNanoUsd) {

    public Usage {
        Objects.requireNonNull(day, "day");
        if (pagesToday < 0 || pagesThisMonth < 0 || spentNanoUsd < 0) {
            throw new IllegalArgumentException("usage cannot be negative");
        }
    }

    /** Nothing used yet on {@code day}. */
    public static Usage none(LocalDate day) {
        return new Usage(day, 0, 0, 0);
    }

    public YearMonth month() {
        return YearMonth.from(day);
    }

    /** This usage as seen on {@code today}: a new month starts from nothing, a new day from no pages today. */
    public Usage on(LocalDate today) {
        if (today.equals(day)) {
            return this;
        }
        if (!YearMonth.from(today).equals(month())) {
            return today.isAfter(day) ? none(today) : this; // a clock stepping back keeps what was counted
        }
        return today.isAfter(day) ? new Usage(today, 0, pagesThisMonth, spentNanoUsd) : this;
    }

    public Usage plusPages(long pages) {
        return new Usage(day, pagesToday + pages, pagesThisMonth + pages, spentNanoUsd);
    }

    public Usage plusSpend(long nanoUsd) {
        return new Usage(day, pagesToday, pagesThisMonth, spentNanoUsd + nanoUsd);
    }

    public double spentUsd() {
        return spentNanoUsd / NANOS_PER_USD;
    }

    /** Dollars as whole billionths, the ledger's unit. */
    public static long nanoUsd(double usd) {
        return Math.round(usd * NANOS_PER_USD);
    }

    static final double NANOS_PER_USD = 1e9;
}
