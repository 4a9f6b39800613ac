package org.freerpacapture.fakes.azure;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.freerpacapture.fakes.SampleLayout;
import org.freerpacapture.fakes.SamplePage;

import java.util.List;

/**
 * Builds the {@code analyzeResult} the service would send for the given pages: {@code content} with every text run
 * on its own line, {@code utf16CodeUnit} spans into it, words and lines per page, paragraphs, and for layout-class
 * models tables (always) and key-value pairs (when asked for, or always for v3's {@code prebuilt-document}).
 *
 * <p>Geometry comes from {@link SampleLayout}: page ratios times the page size, in pixels for images and in inches
 * (8.5 × 11) for PDFs, as the service reports them.
 */
final class AzureAnalyzeResult {

    /** One page as analysed: its number in the document and its size in the service's unit. */
    record AnalyzedPage(int pageNumber, double width, double height, String unit, SamplePage content) {
    }

    private final StringBuilder content = new StringBuilder();
    /** Where the page being built starts in content: spans of its cells and fields are searched from here. */
    private int pageStart;

    private AzureAnalyzeResult() {
    }

    static JsonObject build(String apiVersion, String modelId, List<AnalyzedPage> pages, boolean tables,
                            boolean keyValuePairs) {
        return new AzureAnalyzeResult().result(apiVersion, modelId, pages, tables, keyValuePairs);
    }

    private JsonObject result(String apiVersion, String modelId, List<AnalyzedPage> pages, boolean withTables,
                              boolean withPairs) {
        JsonArray pageArray = new JsonArray();
        JsonArray paragraphs = new JsonArray();
        JsonArray tables = new JsonArray();
        JsonArray pairs = new JsonArray();
        for (AnalyzedPage page : pages) {
            SampleLayout layout = SampleLayout.of(page.content());
            pageStart = content.isEmpty() ? 0 : content.length() + 1;
            JsonArray words = new JsonArray();
            JsonArray lines = new JsonArray();
            for (SampleLayout.Run run : layout.allRuns()) {
                JsonObject span = appendRun(run, page, words);
                lines.add(new JsonObject().put("content", run.text()).put("polygon", polygon(run.box(), page))
                        .put("spans", new JsonArray().add(span)));
                paragraphs.add(new JsonObject().put("content", run.text())
                        .put("boundingRegions", regions(run.box(), page))
                        .put("spans", new JsonArray().add(span.copy())));
            }
            pageArray.add(new JsonObject()
                    .put("pageNumber", page.pageNumber())
                    .put("angle", 0)
                    .put("width", page.width())
                    .put("height", page.height())
                    .put("unit", page.unit())
                    .put("spans", new JsonArray().add(span(pageStart, Math.max(0, content.length() - pageStart))))
                    .put("words", words)
                    .put("lines", lines));
            if (withTables && layout.table().rows() > 0) {
                tables.add(table(layout.table(), page));
            }
            if (withPairs) {
                for (SampleLayout.FieldRuns field : layout.fields()) {
                    pairs.add(new JsonObject()
                            .put("key", element(field.key(), page))
                            .put("value", element(field.value(), page))
                            .put("confidence", 0.91));
                }
            }
        }
        JsonObject result = new JsonObject()
                .put("apiVersion", apiVersion)
                .put("modelId", modelId)
                .put("stringIndexType", "utf16CodeUnit");
        if (apiVersion.compareTo("2024") > 0) {
            result.put("contentFormat", "text");
        }
        result.put("content", content.toString())
                .put("pages", pageArray)
                .put("paragraphs", paragraphs)
                .put("styles", new JsonArray());
        if (withTables) {
            result.put("tables", tables);
        }
        if (withPairs) {
            result.put("keyValuePairs", pairs);
        }
        return result;
    }

    /** Adds a run's text to content (one line each), its words to {@code words}; returns the run's span. */
    private JsonObject appendRun(SampleLayout.Run run, AnalyzedPage page, JsonArray words) {
        if (!content.isEmpty()) {
            content.append('\n');
        }
        int start = content.length();
        content.append(run.text());
        int at = 0;
        for (SampleLayout.WordBox word : run.words()) {
            int offset = run.text().indexOf(word.text(), at);
            at = offset + word.text().length();
            words.add(new JsonObject()
                    .put("content", word.text())
                    .put("polygon", polygon(word.box(), page))
                    .put("confidence", confidence(word.text()))
                    .put("span", span(start + offset, word.text().length())));
        }
        return span(start, run.text().length());
    }

    /** The span of a run already in content (cells and fields are also lines, so their text is there). */
    private JsonObject spanOf(SampleLayout.Run run, int searchFrom) {
        int offset = content.indexOf(run.text(), searchFrom);
        return span(Math.max(0, offset), run.text().length());
    }

    private JsonObject table(SampleLayout.TableRuns table, AnalyzedPage page) {
        JsonArray cells = new JsonArray();
        int searchFrom = pageStart;
        for (SampleLayout.CellRuns cell : table.cells()) {
            JsonObject span = spanOf(cell.text(), searchFrom);
            searchFrom = span.getInteger("offset") + span.getInteger("length");
            JsonObject json = new JsonObject();
            if (cell.header()) {
                json.put("kind", "columnHeader");
            }
            cells.add(json.put("rowIndex", cell.row()).put("columnIndex", cell.column())
                    .put("content", cell.text().text())
                    .put("boundingRegions", regions(cell.box(), page))
                    .put("spans", new JsonArray().add(span)));
        }
        return new JsonObject().put("rowCount", table.rows()).put("columnCount", table.columns())
                .put("cells", cells)
                .put("boundingRegions", regions(table.box(), page))
                .put("spans", new JsonArray());
    }

    private JsonObject element(SampleLayout.Run run, AnalyzedPage page) {
        return new JsonObject().put("content", run.text())
                .put("boundingRegions", regions(run.box(), page))
                .put("spans", new JsonArray().add(spanOf(run, pageStart)));
    }

    private static JsonArray regions(SampleLayout.Box box, AnalyzedPage page) {
        return new JsonArray().add(new JsonObject().put("pageNumber", page.pageNumber())
                .put("polygon", polygon(box, page)));
    }

    /** Flat 8-number polygon, clockwise from top-left, in the page's unit (4 decimals, as the service rounds). */
    static JsonArray polygon(SampleLayout.Box box, AnalyzedPage page) {
        double l = round(box.left() * page.width());
        double t = round(box.top() * page.height());
        double r = round(box.right() * page.width());
        double b = round(box.bottom() * page.height());
        return new JsonArray().add(l).add(t).add(r).add(t).add(r).add(b).add(l).add(b);
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    /** Deterministic, plausible word confidences: longer words read a little less surely. */
    static double confidence(String word) {
        return Math.round((0.995 - Math.min(word.length(), 10) * 0.003) * 1000) / 1000.0;
    }

    private static JsonObject span(int offset, int length) {
        return new JsonObject().put("offset", offset).put("length", length);
    }
}
