package org.freerpacapture.gateway.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.freerpacapture.gateway.execute.Outcome;
import org.freerpacapture.ocr.Millis;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.ProviderInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unified result as the API sends it (see {@code docs/architecture.md}): who read it, the text, the pages,
 * and where the time went. {@code budget} is there only when the tenant's spent cloud budget changed who read it.
 */
public record AnalyzeResult(String requestId, String route, String variant, ProviderInfo provider, String content,
                            List<Page> pages, boolean escalated, List<Integer> escalatedPages, String fallbackFrom,
                            Map<String, Double> timingsMs,
                            @JsonInclude(JsonInclude.Include.NON_NULL) BudgetNote budget) {

    /**
     * Why a paid provider did not read: the tenant's cloud budget for the month is spent.
     *
     * @param exhausted always true: the note is there only when the budget is spent
     * @param servedBy  the provider that read instead
     * @param instead   the paid provider the route would have called (its variant's, or its cascade's)
     */
    public record BudgetNote(boolean exhausted, String servedBy, String instead) {
    }

    public AnalyzeResult(String requestId, String route, String variant, ProviderInfo provider, String content,
                         List<Page> pages, boolean escalated, List<Integer> escalatedPages, String fallbackFrom,
                         Map<String, Double> timingsMs) {
        this(requestId, route, variant, provider, content, pages, escalated, escalatedPages, fallbackFrom, timingsMs,
                null);
    }

    /**
     * {@code timingsMs}: decode, then the provider's own stages, then the total as the gateway saw it. {@code decode}
     * is all the decoding the request took: the gateway's reading of the file and, for a local engine that decodes
     * a page's pixels only when it reads them, that decoding too.
     */
    public static AnalyzeResult of(String requestId, Outcome outcome, double decodeMs, double totalMs) {
        OcrResult result = outcome.result();
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put(DECODE, decodeMs);
        result.timingsMs().forEach((stage, ms) -> timings.merge(stage, ms, Double::sum));
        timings.put("total", totalMs);
        timings.replaceAll((stage, ms) -> Millis.round(ms));
        BudgetNote budget = outcome.budget() == null ? null
                : new BudgetNote(true, result.provider().id(), outcome.budget().instead());
        return new AnalyzeResult(requestId, outcome.route(), outcome.variant(), result.provider(), result.content(),
                result.pages(), outcome.escalated(), outcome.escalatedPages(), outcome.fallbackFrom(), timings,
                budget);
    }

    private static final String DECODE = "decode";
}
