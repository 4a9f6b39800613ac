package org.freerpacapture.adapters.documentai;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.freerpacapture.ocr.KeyValuePair;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.Table;
import org.freerpacapture.ocr.Word;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.freerpacapture.adapters.CloudTestDocuments.page;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DocumentAiPagesTest {

    /** The contract's minimal answer: int64 as strings, startIndex and zero coordinates left out. */
    private static final String HELLO = """
            {"mimeType":"image/png","text":"Hello World\\n","pages":[{
              "pageNumber":1,"dimension":{"width":400,"height":100,"unit":"pixels"},
              "layout":{"textAnchor":{"textSegments":[{"endIndex":"12"}]},"confidence":0.99,
                "boundingPoly":{"vertices":[{},{"x":400},{"x":400,"y":100},{"y":100}],
                  "normalizedVertices":[{},{"x":1},{"x":1,"y":1},{"y":1}]},"orientation":"PAGE_UP"},
              "lines":[{"layout":{"textAnchor":{"textSegments":[{"endIndex":"12"}]},"confidence":0.98,
                "boundingPoly":{"vertices":[{"x":20,"y":30},{"x":215,"y":30},{"x":215,"y":60},{"x":20,"y":60}],
                  "normalizedVertices":[{"x":0.05,"y":0.3},{"x":0.5375,"y":0.3},{"x":0.5375,"y":0.6},{"x":0.05,"y":0.6}]},
                "orientation":"PAGE_UP"}}],
              "tokens":[
                {"layout":{"textAnchor":{"textSegments":[{"endIndex":"6"}]},"confidence":0.99,
                  "boundingPoly":{"normalizedVertices":[{"x":0.05,"y":0.3},{"x":0.275,"y":0.3},{"x":0.275,"y":0.6},{"x":0.05,"y":0.6}]}},
                 "detectedBreak":{"type":"SPACE"}},
                {"layout":{"textAnchor":{"textSegments":[{"startIndex":"6","endIndex":"12"}]},"confidence":0.98,
                  "boundingPoly":{"normalizedVertices":[{"x":0.3,"y":0.3},{"x":0.5375,"y":0.3},{"x":0.5375,"y":0.6},{"x":0.3,"y":0.6}]}}}]}]}
            """;

    private static void assertPolygon(Polygon actual, double... expected) {
        double[] xy = actual.toArray();
        assertEquals(expected.length, xy.length, actual::toString);
        for (int i = 0; i < xy.length; i++) {
            assertEquals(expected[i], xy[i], 0.01, "coordinate " + i + " of " + actual);
        }
    }

    @Test
    void the_contract_example_reads_as_one_line_of_two_trimmed_words() {
        List<Page> pages = DocumentAiPages.toPages(new JsonObject(HELLO), Map.of());

        Page page = pages.get(0);
        assertEquals(400, page.width());
        assertEquals(100, page.height());
        Line line = page.lines().get(0);
        assertEquals("Hello World", line.text());
        assertEquals(0.98, line.confidence(), 1e-9);
        assertPolygon(line.polygon(), 20, 30, 215, 30, 215, 60, 20, 60);
        assertEquals(List.of("Hello", "World"), line.words().stream().map(Word::text).toList());
        assertPolygon(line.words().get(1).polygon(), 120, 30, 215, 30, 215, 60, 120, 60);
    }

    @Test
    void normalized_vertices_scale_to_the_page_as_sent_not_the_service_dimension() {
        // The caller's decoded page is twice the size the service reports.
        List<Page> pages = DocumentAiPages.toPages(new JsonObject(HELLO), Map.of(1, page(1, 800, 200)));

        Page page = pages.get(0);
        assertEquals(800, page.width());
        assertPolygon(page.lines().get(0).polygon(), 40, 60, 430, 60, 430, 120, 40, 120);
    }

    @Test
    void pixel_vertices_are_rescaled_from_the_service_dimension_when_no_normalized_ones_come() {
        JsonObject doc = new JsonObject("""
                {"text":"abc\\n","pages":[{"pageNumber":1,"dimension":{"width":1000,"height":500,"unit":"pixels"},
                 "lines":[{"layout":{"textAnchor":{"textSegments":[{"startIndex":0,"endIndex":4}]},"confidence":0.5,
                   "boundingPoly":{"vertices":[{"x":100,"y":50},{"x":300,"y":50},{"x":300,"y":100},{"x":100,"y":100}]}}}]}]}
                """);

        Page page = DocumentAiPages.toPages(doc, Map.of(1, page(1, 500, 250))).get(0);

        assertEquals("abc", page.lines().get(0).text());
        assertPolygon(page.lines().get(0).polygon(), 50, 25, 150, 25, 150, 50, 50, 50);
    }

    @Test
    void only_the_pages_the_caller_selected_are_kept_and_each_resolves_its_own_text() {
        JsonObject doc = new JsonObject("""
                {"text":"one\\ntwo\\nthree\\n","pages":[
                 {"pageNumber":1,"dimension":{"width":100,"height":100},
                  "lines":[{"layout":{"textAnchor":{"textSegments":[{"endIndex":"4"}]}}}]},
                 {"pageNumber":2,"dimension":{"width":100,"height":100},
                  "lines":[{"layout":{"textAnchor":{"textSegments":[{"startIndex":"4","endIndex":"8"}]}}}]},
                 {"pageNumber":3,"dimension":{"width":100,"height":100},"layout":{"orientation":"PAGE_RIGHT"},
                  "lines":[{"layout":{"textAnchor":{"textSegments":[{"startIndex":"8","endIndex":"11"},
                                                                    {"startIndex":"11","endIndex":"14"}]}}}]}]}
                """);

        List<Page> pages = DocumentAiPages.toPages(doc, Map.of(1, page(1, 100, 100), 3, page(3, 100, 100)));

        assertEquals(List.of(1, 3), pages.stream().map(Page::pageNumber).toList());
        assertEquals("one", pages.get(0).lines().get(0).text());
        assertEquals("three", pages.get(1).lines().get(0).text());
        assertEquals(90, pages.get(1).angle());
    }

    @Test
    void form_fields_become_pairs_and_checkboxes_read_as_their_state() {
        JsonObject doc = new JsonObject("""
                {"text":"Date: 2024-03-01\\nPaid\\n","pages":[{"pageNumber":1,"dimension":{"width":100,"height":100},
                 "formFields":[
                  {"fieldName":{"textAnchor":{"textSegments":[{"endIndex":"5"}],"content":"Date:"},"confidence":0.9,
                     "boundingPoly":{"normalizedVertices":[{"x":0.1,"y":0.1},{"x":0.2,"y":0.1},{"x":0.2,"y":0.2},{"x":0.1,"y":0.2}]}},
                   "fieldValue":{"textAnchor":{"textSegments":[{"startIndex":"6","endIndex":"17"}]},"confidence":0.8,
                     "boundingPoly":{"normalizedVertices":[{"x":0.3,"y":0.1},{"x":0.5,"y":0.1},{"x":0.5,"y":0.2},{"x":0.3,"y":0.2}]}},
                   "valueType":""},
                  {"fieldName":{"textAnchor":{"textSegments":[{"startIndex":"17","endIndex":"22"}]},"confidence":0.7},
                   "fieldValue":{"confidence":0.95},"valueType":"filled_checkbox"}]}]}
                """);

        List<KeyValuePair> pairs = DocumentAiPages.toPages(doc, Map.of()).get(0).keyValuePairs();

        assertEquals("Date:", pairs.get(0).key().text());
        assertEquals("2024-03-01", pairs.get(0).value().text());
        assertEquals(0.8, pairs.get(0).confidence(), 1e-9);
        assertPolygon(pairs.get(0).value().polygon(), 30, 10, 50, 10, 50, 20, 30, 20);
        assertEquals("Paid", pairs.get(1).key().text());
        assertEquals("selected", pairs.get(1).value().text());
    }

    @Test
    void table_rows_are_laid_on_a_grid_honouring_row_and_column_spans() {
        // Header: Item | Qty | Price. Body row 1: "Tools" spans 2 rows, then Hammer | 12.50.
        // Body row 2 starts after the spanned column: Saw | 20.00. Body row 3: "Total" spans 2 columns, 32.50.
        String text = "Item\nQty\nPrice\nTools\nHammer\n12.50\nSaw\n20.00\nTotal\n32.50\n";
        JsonObject doc = new JsonObject().put("text", text).put("pages", new JsonArray().add(
                new JsonObject().put("pageNumber", 1).put("dimension", new JsonObject().put("width", 10).put("height", 10))
                        .put("tables", new JsonArray().add(new JsonObject()
                                .put("headerRows", rows(text, List.of(List.of("Item", "Qty", "Price"))))
                                .put("bodyRows", new JsonArray()
                                        .add(row(text, List.of("Tools", "Hammer", "12.50")))
                                        .add(row(text, List.of("Saw", "20.00")))
                                        .add(row(text, List.of("Total", "32.50"))))))));
        JsonObject body = doc.getJsonArray("pages").getJsonObject(0).getJsonArray("tables").getJsonObject(0)
                .getJsonArray("bodyRows").getJsonObject(0).getJsonArray("cells").getJsonObject(0);
        body.put("rowSpan", 2);
        doc.getJsonArray("pages").getJsonObject(0).getJsonArray("tables").getJsonObject(0)
                .getJsonArray("bodyRows").getJsonObject(2).getJsonArray("cells").getJsonObject(0).put("colSpan", 2);

        Table table = DocumentAiPages.toPages(doc, Map.of()).get(0).tables().get(0);

        assertEquals(4, table.rowCount());
        assertEquals(3, table.columnCount());
        List<String> cells = table.cells().stream()
                .sorted(Comparator.comparingInt(Table.Cell::rowIndex).thenComparingInt(Table.Cell::columnIndex))
                .map(c -> c.rowIndex() + "," + c.columnIndex() + " " + c.rowSpan() + "x" + c.columnSpan() + " "
                        + c.text() + " " + c.kind())
                .toList();
        assertEquals(List.of(
                "0,0 1x1 Item columnHeader", "0,1 1x1 Qty columnHeader", "0,2 1x1 Price columnHeader",
                "1,0 2x1 Tools content", "1,1 1x1 Hammer content", "1,2 1x1 12.50 content",
                "2,1 1x1 Saw content", "2,2 1x1 20.00 content",
                "3,0 1x2 Total content", "3,2 1x1 32.50 content"), cells);
    }

    private static JsonArray rows(String text, List<List<String>> rows) {
        JsonArray out = new JsonArray();
        rows.forEach(r -> out.add(row(text, r)));
        return out;
    }

    /** A row whose cells anchor to the first occurrence of their text (numbers as JSON numbers here). */
    private static JsonObject row(String text, List<String> cells) {
        JsonArray out = new JsonArray();
        for (String cell : cells) {
            int start = text.indexOf(cell + "\n");
            out.add(new JsonObject().put("layout", new JsonObject().put("textAnchor", new JsonObject()
                    .put("textSegments", new JsonArray().add(new JsonObject()
                            .put("startIndex", start).put("endIndex", start + cell.length() + 1))))
                    .put("confidence", 0.9)));
        }
        return new JsonObject().put("cells", out);
    }

    @Test
    void int64_indices_read_from_strings_and_numbers_and_a_missing_one_is_zero() {
        assertEquals(12, DocumentAiPages.index("12"));
        assertEquals(12, DocumentAiPages.index(12));
        assertEquals(0, DocumentAiPages.index(null));
    }
}
