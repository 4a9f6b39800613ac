package org.freerpacapture.adapters.textract;

import org.freerpacapture.inference.KeyValuePair;
import org.freerpacapture.inference.Line;
import org.freerpacapture.inference.Page;
import org.freerpacapture.inference.Polygon;
import org.freerpacapture.inference.Table;
import org.freerpacapture.inference.Word;
import software.amazon.awssdk.services.textract.model.Block;
import software.amazon.awssdk.services.textract.model.BlockType;
import software.amazon.awssdk.services.textract.model.BoundingBox;
import software.amazon.awssdk.services.textract.model.EntityType;
import software.amazon.awssdk.services.textract.model.Point;
import software.amazon.awssdk.services.textract.model.RelationshipType;
import software.amazon.awssdk.services.textract.model.SelectionStatus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The blocks of one Textract answer (one page) as a unified {@link Page}.
 *
 * <p>Textract gives geometry in ratios of the page and confidence in percent; the page here is in pixels of the
 * image that was sent and confidence 0..1. Blocks link by id: PAGE→LINE→WORD, KEY→VALUE and KEY/VALUE→WORD,
 * TABLE→CELL→WORD, TABLE→MERGED_CELL→CELL.
 */
final class TextractBlocks {

    private final Map<String, Block> byId = new LinkedHashMap<>();
    private final double width;
    private final double height;

    private TextractBlocks(List<Block> blocks, int width, int height) {
        blocks.forEach(b -> byId.put(b.id(), b));
        this.width = width;
        this.height = height;
    }

    /**
     * @param blocks     the answer's blocks
     * @param pageNumber the page number in the caller's document (Textract says 1 for every single-page call)
     * @param width      pixel width of the page as sent
     * @param height     pixel height of the page as sent
     */
    static Page toPage(List<Block> blocks, int pageNumber, int width, int height) {
        TextractBlocks page = new TextractBlocks(blocks, width, height);
        return new Page(pageNumber, width, height, "pixel", 0, page.lines(), page.keyValuePairs(), page.tables());
    }

    private List<Line> lines() {
        return ofType(BlockType.LINE).stream()
                .map(line -> new Line(Objects.toString(line.text(), ""), confidence(line), polygon(line),
                        related(line, RelationshipType.CHILD).stream()
                                .filter(b -> b.blockType() == BlockType.WORD)
                                .map(w -> new Word(Objects.toString(w.text(), ""), confidence(w), polygon(w)))
                                .toList()))
                .toList();
    }

    private List<KeyValuePair> keyValuePairs() {
        List<KeyValuePair> pairs = new ArrayList<>();
        for (Block key : ofType(BlockType.KEY_VALUE_SET)) {
            if (!key.entityTypes().contains(EntityType.KEY)) {
                continue;
            }
            List<Block> values = related(key, RelationshipType.VALUE);
            Block value = values.isEmpty() ? null : values.get(0);
            double confidence = value == null ? confidence(key) : Math.min(confidence(key), confidence(value));
            pairs.add(new KeyValuePair(
                    new KeyValuePair.TextSpan(childText(key), polygon(key)),
                    new KeyValuePair.TextSpan(value == null ? "" : childText(value),
                            value == null ? null : polygon(value)),
                    confidence));
        }
        return pairs;
    }

    private List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        for (Block table : ofType(BlockType.TABLE)) {
            List<Table.Cell> cells = new ArrayList<>();
            // A merged cell replaces the single cells it covers, taking their text in reading order.
            Set<String> covered = new HashSet<>();
            for (Block merged : related(table, RelationshipType.MERGED_CELL)) {
                List<Block> parts = related(merged, RelationshipType.CHILD);
                parts.forEach(p -> covered.add(p.id()));
                String text = parts.stream().map(this::childText).filter(t -> !t.isEmpty())
                        .collect(Collectors.joining(" "));
                cells.add(cell(merged, text, parts.stream().anyMatch(TextractBlocks::isHeader)));
            }
            for (Block cell : related(table, RelationshipType.CHILD)) {
                if (cell.blockType() == BlockType.CELL && !covered.contains(cell.id())) {
                    cells.add(cell(cell, childText(cell), isHeader(cell)));
                }
            }
            int rows = cells.stream().mapToInt(c -> c.rowIndex() + c.rowSpan()).max().orElse(0);
            int columns = cells.stream().mapToInt(c -> c.columnIndex() + c.columnSpan()).max().orElse(0);
            tables.add(new Table(rows, columns, polygon(table), cells));
        }
        return tables;
    }

    private Table.Cell cell(Block cell, String text, boolean header) {
        return new Table.Cell(oneBased(cell.rowIndex()) - 1, oneBased(cell.columnIndex()) - 1,
                oneBased(cell.rowSpan()), oneBased(cell.columnSpan()), text,
                header ? "columnHeader" : "content", polygon(cell), confidence(cell));
    }

    private static boolean isHeader(Block cell) {
        return cell.entityTypes().contains(EntityType.COLUMN_HEADER);
    }

    private static int oneBased(Integer index) {
        return index == null || index < 1 ? 1 : index;
    }

    /** Words of a key, value or cell; a checkbox reads as {@code selected}/{@code unselected}. */
    private String childText(Block parent) {
        return related(parent, RelationshipType.CHILD).stream()
                .map(b -> switch (b.blockType()) {
                    case WORD -> Objects.toString(b.text(), "");
                    case SELECTION_ELEMENT ->
                            b.selectionStatus() == SelectionStatus.SELECTED ? "selected" : "unselected";
                    default -> "";
                })
                .filter(t -> !t.isEmpty())
                .collect(Collectors.joining(" "));
    }

    private List<Block> related(Block block, RelationshipType type) {
        return block.relationships().stream()
                .filter(r -> r.type() == type)
                .flatMap(r -> r.ids().stream())
                .map(byId::get)
                .filter(Objects::nonNull)
                .toList();
    }

    private List<Block> ofType(BlockType type) {
        return byId.values().stream().filter(b -> b.blockType() == type).toList();
    }

    private static double confidence(Block block) {
        return block.confidence() == null ? 0 : block.confidence() / 100.0;
    }

    private Polygon polygon(Block block) {
        if (block.geometry() == null) {
            return null;
        }
        List<Point> points = block.geometry().polygon();
        if (!points.isEmpty()) {
            double[] xy = new double[points.size() * 2];
            for (int i = 0; i < points.size(); i++) {
                xy[2 * i] = points.get(i).x() * width;
                xy[2 * i + 1] = points.get(i).y() * height;
            }
            return Polygon.of(xy);
        }
        BoundingBox box = block.geometry().boundingBox();
        if (box == null) {
            return null;
        }
        return Polygon.rectangle(box.left() * width, box.top() * height,
                (box.left() + box.width()) * width, (box.top() + box.height()) * height);
    }
}
