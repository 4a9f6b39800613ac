package org.freerpacapture.ocr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a provider read: its pages and where the time went. The gateway adds request, route and variant.
 *
 * @param provider  who read it
 * @param pages     in document order
 * @param timingsMs stage name to milliseconds ({@code detect}, {@code recognize}, {@code provider})
 */
public record OcrResult(ProviderInfo provider, List<Page> pages, Map<String, Double> timingsMs) {

    public OcrResult {
        pages = List.copyOf(pages);
        timingsMs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timingsMs));
    }

    /** All lines of all pages, one per row, pages separated by a blank line. */
    public String content() {
        return pages.stream()
                .map(p -> p.lines().stream().map(Line::text).collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n\n"));
    }
}
