package org.freerpacapture.inference.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The pages a caller asked for, parsed from {@code ?pages=1-3,5}: 1-based page numbers and inclusive ranges,
 * comma separated. {@link #all()} when the parameter is absent. Pages past the document's end are ignored; a
 * selection that keeps none is refused by the decoder once it knows the page count.
 */
public final class PageSelection {

    /** Longer specs are refused outright: nobody selects pages with a kilobyte of ranges. */
    private static final int MAX_SPEC_LENGTH = 200;

    private static final PageSelection ALL = new PageSelection(List.of());

    /** Inclusive ranges in the order given; empty means every page. */
    private final List<Range> ranges;

    private record Range(int first, int last) {
        boolean includes(int page) {
            return page >= first && page <= last;
        }

        @Override
        public String toString() {
            return first == last ? Integer.toString(first) : first + "-" + last;
        }
    }

    private PageSelection(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    public static PageSelection all() {
        return ALL;
    }

    /**
     * Parses {@code 1-3,5}; {@code null}, blank and {@code all} select every page.
     *
     * @throws DocumentException 400 {@code invalid_pages} when the spec is not a list of pages and ascending ranges
     */
    public static PageSelection parse(String spec) throws DocumentException {
        if (spec == null || spec.isBlank() || spec.trim().toLowerCase(Locale.ROOT).equals("all")) {
            return ALL;
        }
        if (spec.length() > MAX_SPEC_LENGTH) {
            throw DocumentException.invalidPages(spec.substring(0, 20) + "…");
        }
        List<Range> ranges = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            ranges.add(parseRange(part.trim(), spec));
        }
        return new PageSelection(ranges);
    }

    private static Range parseRange(String part, String spec) {
        int dash = part.indexOf('-');
        int first = parsePage(dash < 0 ? part : part.substring(0, dash), spec);
        int last = dash < 0 ? first : parsePage(part.substring(dash + 1), spec);
        if (last < first) {
            throw DocumentException.invalidPages(spec);
        }
        return new Range(first, last);
    }

    private static int parsePage(String text, String spec) {
        String digits = text.trim();
        // Digits only: Integer.parseInt would also accept a sign.
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw DocumentException.invalidPages(spec);
        }
        int page = Integer.parseInt(digits);
        if (page < 1) {
            throw DocumentException.invalidPages(spec);
        }
        return page;
    }

    /** Whether the 1-based page is selected. */
    public boolean includes(int pageNumber) {
        if (pageNumber < 1) {
            return false;
        }
        return ranges.isEmpty() || ranges.stream().anyMatch(r -> r.includes(pageNumber));
    }

    /**
     * The zero-based indexes of the selected pages of a document with {@code pageCount} pages, checked against the
     * page limit before anything is decoded.
     *
     * @param documentName how messages name the document ({@code PDF}, {@code TIFF file})
     * @throws DocumentException 422 {@code no_pages} when nothing is left, 413 {@code too_many_pages} above the limit
     */
    List<Integer> indexesIn(int pageCount, int maxPages, String documentName) {
        if (pageCount < 1) {
            throw DocumentException.noPages("The " + documentName + " has no pages; send one with at least one page.");
        }
        List<Integer> indexes = IntStream.range(0, pageCount).filter(i -> includes(i + 1)).boxed().toList();
        if (indexes.isEmpty()) {
            throw DocumentException.noPages("The " + documentName + " has " + pageCount
                    + (pageCount == 1 ? " page" : " pages") + "; pages=" + this + " selects none of them.");
        }
        if (indexes.size() > maxPages) {
            throw DocumentException.tooManyPages(indexes.size(), maxPages);
        }
        return indexes;
    }

    public boolean isAll() {
        return ranges.isEmpty();
    }

    /** {@code all}, or the ranges as given ({@code 1-3,5}). */
    @Override
    public String toString() {
        return ranges.isEmpty() ? "all" : ranges.stream().map(Range::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PageSelection that && ranges.equals(that.ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }
}
