package org.freerpacapture.adapters.textract;

import org.freerpacapture.ocr.KeyValuePair;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.Table;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TextractBlocksTest {

    /** Blocks as the service's JSON names their members. */
    private static JsonObject block(String type, String id) {
        return new JsonObject().put("BlockType", type).put("Id", id);
    }

    private static JsonObject box(double left, double top, double right, double bottom) {
        return new JsonObject()
                .put("BoundingBox", new JsonObject().put("Left", left).put("Top", top)
                        .put("Width", right - left).put("Height", bottom - top))
                .put("Polygon", new JsonArray(List.of(point(left, top), point(right, top), point(right, bottom),
                        point(left, bottom))));
    }

    private static JsonObject point(double x, double y) {
        return new JsonObject().put("X", x).put("Y", y);
    }

    private static JsonArray rels(JsonObject... relationships) {
        return new JsonArray(List.of((Object[]) relationships));
    }

    private static JsonObject rel(String type, String... ids) {
        return new JsonObject().put("Type", type).put("Ids", new JsonArray(List.of((Object[]) ids)));
    }

    private static JsonObject word(String id, String text, double confidence, double l, double t, double r,
                                   double b) {
        return block("WORD", id).put("Text", text).put("Confidence", confidence).put("Geometry", box(l, t, r, b));
    }

    private static JsonObject line(String id, String text, double confidence, JsonObject g, String... words) {
        return block("LINE", id).put("Text", text).put("Confidence", confidence).put("Geometry", g)
                .put("Relationships", rels(rel("CHILD", words)));
    }

    private static JsonObject keyValue(String id, double confidence, String entity, JsonObject g,
                                       JsonObject... relationships) {
        return block("KEY_VALUE_SET", id).put("Confidence", confidence)
                .put("EntityTypes", new JsonArray().add(entity)).put("Geometry", g)
                .put("Relationships", rels(relationships));
    }

    private static JsonArray blocks(JsonObject... blocks) {
        return new JsonArray(List.of((Object[]) blocks));
    }

    private static void assertPolygon(Polygon actual, double... expected) {
        double[] xy = actual.toArray();
        assertEquals(expected.length, xy.length);
        for (int i = 0; i < xy.length; i++) {
            assertEquals(expected[i], xy[i], 0.01, "coordinate " + i + " of " + actual);
        }
    }

    @Test
    void lines_and_words_get_pixel_polygons_of_the_page_as_sent_and_confidence_from_percent() {
        JsonArray blocks = blocks(
                block("PAGE", "p").put("Geometry", box(0, 0, 1, 1))
                        .put("Relationships", rels(rel("CHILD", "l-1", "l-2"))),
                line("l-1", "Hello World", 99.6, box(0.05, 0.3, 0.5375, 0.6), "w-1", "w-2"),
                word("w-1", "Hello", 99.7, 0.05, 0.3, 0.275, 0.6),
                word("w-2", "World", 99.5, 0.3, 0.3, 0.5375, 0.6),
                line("l-2", "Second line", 87.0, box(0.05, 0.7, 0.5, 0.9), "w-3", "w-4"),
                word("w-3", "Second", 88, 0.05, 0.7, 0.3, 0.9),
                word("w-4", "line", 86, 0.32, 0.7, 0.5, 0.9));

        Page page = TextractBlocks.toPage(blocks, 3, 400, 100);

        assertEquals(3, page.pageNumber());
        assertEquals(400, page.width());
        assertEquals(100, page.height());
        assertEquals("pixel", page.unit());
        assertEquals(List.of("Hello World", "Second line"), page.lines().stream().map(Line::text).toList());
        Line first = page.lines().get(0);
        assertEquals(0.996, first.confidence(), 1e-4);
        assertPolygon(first.polygon(), 20, 30, 215, 30, 215, 60, 20, 60);
        assertEquals(List.of("Hello", "World"), first.words().stream().map(w -> w.text()).toList());
        assertPolygon(first.words().get(1).polygon(), 120, 30, 215, 30, 215, 60, 120, 60);
        assertEquals(0.995, first.words().get(1).confidence(), 1e-4);
        assertEquals(0.86, page.lines().get(1).words().get(1).confidence(), 1e-4);
        assertEquals(List.of(), page.keyValuePairs());
        assertEquals(List.of(), page.tables());
    }

    @Test
    void a_polygon_missing_from_the_geometry_falls_back_to_the_bounding_box() {
        JsonObject onlyBox = block("LINE", "l").put("Text", "x").put("Confidence", 50)
                .put("Geometry", new JsonObject().put("BoundingBox", new JsonObject()
                        .put("Left", 0.1).put("Top", 0.2).put("Width", 0.5).put("Height", 0.1)));

        Page page = TextractBlocks.toPage(blocks(onlyBox), 1, 1000, 500);

        assertPolygon(page.lines().get(0).polygon(), 100, 100, 600, 100, 600, 150, 100, 150);
    }

    @Test
    void key_value_sets_become_pairs_with_their_words_and_checkbox_state() {
        JsonArray blocks = blocks(
                word("w-k1", "Invoice", 99, 0.05, 0.1, 0.15, 0.13),
                word("w-k2", "No:", 99, 0.16, 0.1, 0.2, 0.13),
                word("w-v1", "INV-0042", 98, 0.4, 0.1, 0.5, 0.13),
                word("w-k3", "Paid", 99, 0.05, 0.2, 0.1, 0.23),
                block("SELECTION_ELEMENT", "s-1").put("Confidence", 97).put("SelectionStatus", "SELECTED")
                        .put("Geometry", box(0.4, 0.2, 0.42, 0.23)),
                keyValue("k-1", 93.4, "KEY", box(0.05, 0.1, 0.2, 0.13),
                        rel("VALUE", "v-1"), rel("CHILD", "w-k1", "w-k2")),
                keyValue("v-1", 90, "VALUE", box(0.4, 0.1, 0.5, 0.13), rel("CHILD", "w-v1")),
                keyValue("k-2", 80, "KEY", box(0.05, 0.2, 0.1, 0.23), rel("VALUE", "v-2"), rel("CHILD", "w-k3")),
                keyValue("v-2", 85, "VALUE", box(0.4, 0.2, 0.42, 0.23), rel("CHILD", "s-1")),
                // A key the service found no value for.
                keyValue("k-3", 70, "KEY", box(0.05, 0.3, 0.1, 0.33), rel("CHILD", "w-k3")));

        List<KeyValuePair> pairs = TextractBlocks.toPage(blocks, 1, 1000, 1000).keyValuePairs();

        assertEquals(3, pairs.size());
        assertEquals("Invoice No:", pairs.get(0).key().text());
        assertEquals("INV-0042", pairs.get(0).value().text());
        assertEquals(0.90, pairs.get(0).confidence(), 1e-4);
        assertPolygon(pairs.get(0).value().polygon(), 400, 100, 500, 100, 500, 130, 400, 130);
        assertEquals("Paid", pairs.get(1).key().text());
        assertEquals("selected", pairs.get(1).value().text());
        assertEquals("", pairs.get(2).value().text());
        assertNull(pairs.get(2).value().polygon());
    }

    @Test
    void tables_become_zero_based_cells_with_headers_and_merged_cells() {
        // 3 rows x 2 columns; the last row's two cells are merged into one spanning both columns.
        JsonArray blocks = blocks(
                word("h1", "Item", 99, 0, 0, 0.1, 0.1), word("h2", "Price", 99, 0.5, 0, 0.6, 0.1),
                word("a1", "Hammer", 99, 0, 0.1, 0.1, 0.2), word("a2", "12.50", 99, 0.5, 0.1, 0.6, 0.2),
                word("t1", "Total", 99, 0, 0.2, 0.1, 0.3), word("t2", "12.50", 99, 0.5, 0.2, 0.6, 0.3),
                cell("c11", 1, 1, true, "h1"), cell("c12", 1, 2, true, "h2"),
                cell("c21", 2, 1, false, "a1"), cell("c22", 2, 2, false, "a2"),
                cell("c31", 3, 1, false, "t1"), cell("c32", 3, 2, false, "t2"),
                block("MERGED_CELL", "m-1").put("Confidence", 90)
                        .put("RowIndex", 3).put("ColumnIndex", 1).put("RowSpan", 1).put("ColumnSpan", 2)
                        .put("Geometry", box(0, 0.2, 1, 0.3)).put("Relationships", rels(rel("CHILD", "c31", "c32"))),
                block("TABLE", "t").put("Confidence", 97).put("Geometry", box(0, 0, 1, 0.3))
                        .put("Relationships", rels(rel("CHILD", "c11", "c12", "c21", "c22", "c31", "c32"),
                                rel("MERGED_CELL", "m-1"))));

        List<Table> tables = TextractBlocks.toPage(blocks, 1, 200, 100).tables();

        assertEquals(1, tables.size());
        Table table = tables.get(0);
        assertEquals(3, table.rowCount());
        assertEquals(2, table.columnCount());
        assertPolygon(table.polygon(), 0, 0, 200, 0, 200, 30, 0, 30);
        List<Table.Cell> cells = table.cells().stream()
                .sorted(Comparator.comparingInt(Table.Cell::rowIndex).thenComparingInt(Table.Cell::columnIndex))
                .toList();
        assertEquals(5, cells.size());
        assertEquals(new CellView(0, 0, 1, 1, "Item", "columnHeader"), CellView.of(cells.get(0)));
        assertEquals(new CellView(0, 1, 1, 1, "Price", "columnHeader"), CellView.of(cells.get(1)));
        assertEquals(new CellView(1, 0, 1, 1, "Hammer", "content"), CellView.of(cells.get(2)));
        assertEquals(new CellView(1, 1, 1, 1, "12.50", "content"), CellView.of(cells.get(3)));
        assertEquals(new CellView(2, 0, 1, 2, "Total 12.50", "content"), CellView.of(cells.get(4)));
        assertEquals(0.9, cells.get(4).confidence(), 1e-4);
    }

    private record CellView(int row, int column, int rowSpan, int columnSpan, String text, String kind) {
        static CellView of(Table.Cell c) {
            return new CellView(c.rowIndex(), c.columnIndex(), c.rowSpan(), c.columnSpan(), c.text(), c.kind());
        }
    }

    private static JsonObject cell(String id, int row, int column, boolean header, String... words) {
        JsonObject cell = block("CELL", id).put("Confidence", 95)
                .put("RowIndex", row).put("ColumnIndex", column).put("RowSpan", 1).put("ColumnSpan", 1)
                .put("Geometry", box((column - 1) * 0.5, (row - 1) * 0.1, column * 0.5, row * 0.1))
                .put("Relationships", rels(rel("CHILD", words)));
        return header ? cell.put("EntityTypes", new JsonArray().add("COLUMN_HEADER")) : cell;
    }

    @Test
    void members_the_model_marks_optional_may_be_missing() {
        // A line without geometry, confidence or relationships, and a word whose text is missing.
        JsonArray blocks = blocks(block("LINE", "l").put("Text", "Total").put("Relationships",
                rels(rel("CHILD", "w", "unknown"))), block("WORD", "w"));

        Page page = TextractBlocks.toPage(blocks, 1, 100, 100);

        Line line = page.lines().get(0);
        assertEquals("Total", line.text());
        assertEquals(0, line.confidence());
        assertNull(line.polygon());
        assertEquals(List.of(""), line.words().stream().map(w -> w.text()).toList(),
                "the word is kept, an id the answer does not hold is skipped");
    }
}
