package org.freerpacapture.adapters.textract;

import org.freerpacapture.inference.KeyValuePair;
import org.freerpacapture.inference.Line;
import org.freerpacapture.inference.Page;
import org.freerpacapture.inference.Polygon;
import org.freerpacapture.inference.Table;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.textract.model.Block;
import software.amazon.awssdk.services.textract.model.BlockType;
import software.amazon.awssdk.services.textract.model.BoundingBox;
import software.amazon.awssdk.services.textract.model.EntityType;
import software.amazon.awssdk.services.textract.model.Geometry;
import software.amazon.awssdk.services.textract.model.Point;
import software.amazon.awssdk.services.textract.model.Relationship;
import software.amazon.awssdk.services.textract.model.RelationshipType;
import software.amazon.awssdk.services.textract.model.SelectionStatus;

import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TextractBlocksTest {

    private static Geometry box(double left, double top, double right, double bottom) {
        return Geometry.builder()
                .boundingBox(BoundingBox.builder().left((float) left).top((float) top)
                        .width((float) (right - left)).height((float) (bottom - top)).build())
                .polygon(point(left, top), point(right, top), point(right, bottom), point(left, bottom))
                .build();
    }

    private static Point point(double x, double y) {
        return Point.builder().x((float) x).y((float) y).build();
    }

    private static Relationship rel(RelationshipType type, String... ids) {
        return Relationship.builder().type(type).ids(ids).build();
    }

    private static Block word(String id, String text, float confidence, double l, double t, double r, double b) {
        return Block.builder().blockType(BlockType.WORD).id(id).text(text).confidence(confidence)
                .geometry(box(l, t, r, b)).build();
    }

    private static Block line(String id, String text, float confidence, Geometry g, String... words) {
        return Block.builder().blockType(BlockType.LINE).id(id).text(text).confidence(confidence).geometry(g)
                .relationships(rel(RelationshipType.CHILD, words)).build();
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
        List<Block> blocks = List.of(
                Block.builder().blockType(BlockType.PAGE).id("p").geometry(box(0, 0, 1, 1))
                        .relationships(rel(RelationshipType.CHILD, "l-1", "l-2")).build(),
                line("l-1", "Hello World", 99.6f, box(0.05, 0.3, 0.5375, 0.6), "w-1", "w-2"),
                word("w-1", "Hello", 99.7f, 0.05, 0.3, 0.275, 0.6),
                word("w-2", "World", 99.5f, 0.3, 0.3, 0.5375, 0.6),
                line("l-2", "Second line", 87.0f, box(0.05, 0.7, 0.5, 0.9), "w-3", "w-4"),
                word("w-3", "Second", 88f, 0.05, 0.7, 0.3, 0.9),
                word("w-4", "line", 86f, 0.32, 0.7, 0.5, 0.9));

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
        Block onlyBox = Block.builder().blockType(BlockType.LINE).id("l").text("x").confidence(50f)
                .geometry(Geometry.builder().boundingBox(BoundingBox.builder()
                        .left(0.1f).top(0.2f).width(0.5f).height(0.1f).build()).build()).build();

        Page page = TextractBlocks.toPage(List.of(onlyBox), 1, 1000, 500);

        assertPolygon(page.lines().get(0).polygon(), 100, 100, 600, 100, 600, 150, 100, 150);
    }

    @Test
    void key_value_sets_become_pairs_with_their_words_and_checkbox_state() {
        List<Block> blocks = List.of(
                word("w-k1", "Invoice", 99f, 0.05, 0.1, 0.15, 0.13),
                word("w-k2", "No:", 99f, 0.16, 0.1, 0.2, 0.13),
                word("w-v1", "INV-0042", 98f, 0.4, 0.1, 0.5, 0.13),
                word("w-k3", "Paid", 99f, 0.05, 0.2, 0.1, 0.23),
                Block.builder().blockType(BlockType.SELECTION_ELEMENT).id("s-1").confidence(97f)
                        .selectionStatus(SelectionStatus.SELECTED).geometry(box(0.4, 0.2, 0.42, 0.23)).build(),
                Block.builder().blockType(BlockType.KEY_VALUE_SET).id("k-1").confidence(93.4f)
                        .entityTypes(EntityType.KEY).geometry(box(0.05, 0.1, 0.2, 0.13))
                        .relationships(rel(RelationshipType.VALUE, "v-1"), rel(RelationshipType.CHILD, "w-k1", "w-k2"))
                        .build(),
                Block.builder().blockType(BlockType.KEY_VALUE_SET).id("v-1").confidence(90f)
                        .entityTypes(EntityType.VALUE).geometry(box(0.4, 0.1, 0.5, 0.13))
                        .relationships(rel(RelationshipType.CHILD, "w-v1")).build(),
                Block.builder().blockType(BlockType.KEY_VALUE_SET).id("k-2").confidence(80f)
                        .entityTypes(EntityType.KEY).geometry(box(0.05, 0.2, 0.1, 0.23))
                        .relationships(rel(RelationshipType.VALUE, "v-2"), rel(RelationshipType.CHILD, "w-k3"))
                        .build(),
                Block.builder().blockType(BlockType.KEY_VALUE_SET).id("v-2").confidence(85f)
                        .entityTypes(EntityType.VALUE).geometry(box(0.4, 0.2, 0.42, 0.23))
                        .relationships(rel(RelationshipType.CHILD, "s-1")).build(),
                // A key the service found no value for.
                Block.builder().blockType(BlockType.KEY_VALUE_SET).id("k-3").confidence(70f)
                        .entityTypes(EntityType.KEY).geometry(box(0.05, 0.3, 0.1, 0.33))
                        .relationships(rel(RelationshipType.CHILD, "w-k3")).build());

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
        List<Block> blocks = List.of(
                word("h1", "Item", 99f, 0, 0, 0.1, 0.1), word("h2", "Price", 99f, 0.5, 0, 0.6, 0.1),
                word("a1", "Hammer", 99f, 0, 0.1, 0.1, 0.2), word("a2", "12.50", 99f, 0.5, 0.1, 0.6, 0.2),
                word("t1", "Total", 99f, 0, 0.2, 0.1, 0.3), word("t2", "12.50", 99f, 0.5, 0.2, 0.6, 0.3),
                cell("c11", 1, 1, true, "h1"), cell("c12", 1, 2, true, "h2"),
                cell("c21", 2, 1, false, "a1"), cell("c22", 2, 2, false, "a2"),
                cell("c31", 3, 1, false, "t1"), cell("c32", 3, 2, false, "t2"),
                Block.builder().blockType(BlockType.MERGED_CELL).id("m-1").confidence(90f)
                        .rowIndex(3).columnIndex(1).rowSpan(1).columnSpan(2).geometry(box(0, 0.2, 1, 0.3))
                        .relationships(rel(RelationshipType.CHILD, "c31", "c32")).build(),
                Block.builder().blockType(BlockType.TABLE).id("t").confidence(97f).geometry(box(0, 0, 1, 0.3))
                        .relationships(rel(RelationshipType.CHILD, "c11", "c12", "c21", "c22", "c31", "c32"),
                                rel(RelationshipType.MERGED_CELL, "m-1")).build());

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

    private static Block cell(String id, int row, int column, boolean header, String... words) {
        Block.Builder b = Block.builder().blockType(BlockType.CELL).id(id).confidence(95f)
                .rowIndex(row).columnIndex(column).rowSpan(1).columnSpan(1)
                .geometry(box((column - 1) * 0.5, (row - 1) * 0.1, column * 0.5, row * 0.1))
                .relationships(rel(RelationshipType.CHILD, words));
        if (header) {
            b.entityTypes(EntityType.COLUMN_HEADER);
        }
        return b.build();
    }
}
