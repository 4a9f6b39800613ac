package org.freerpacapture.adapters.textract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.freerpacapture.ocr.KeyValuePair;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.Table;
import org.freerpacapture.ocr.Word;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code Blocks} of one Textract answer (one page) as a unified {@link Page}.
 *
 * <p>Textract gives geometry in ratios of the page and confidence in percent; the page here is in pixels of the
 * image that was sent and confidence 0..1. Blocks link by id: PAGE→LINE→WORD, KEY→VALUE and KEY/VALUE→WORD,
 * TABLE→CELL→WORD, TABLE→MERGED_CELL→CELL. Members are read as the service's model names them
 * ({@code BlockType}, {@code Relationships}, {@code Geometry.Polygon}, …); a member the model marks optional may be
 * missing.
 */
final class TextractBlocks {

    private final Map<String, JsonObject> byId = new LinkedHashMap<>();
    private final double width;
    private final double height;

    private TextractBlocks(JsonArray blocks, int width, int height) {
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.getValue(i) instanceof JsonObject block) {
                byId.put(Objects.toString(block.getString("Id"), "#" + i), block);
            }
        }
        this.width = width;
        this.height = height;
    }

    /**
     * @param blocks     the answer's {@code Blocks}
     * @param pageNumber the page number in the caller's document (Textract says 1 for every single-page call)
     * @param width      pixel width of the page as sent
     * @param height     pixel height of the page as sent
     */
    static Page toPage(JsonArray blocks, int pageNumber, int width, int height) {
        TextractBlocks page = new TextractBlocks(blocks, width, height);
        return new Page(pageNumber, width, height, "pixel", 0, page.lines(), page.keyValuePairs(), page.tables());
    }

    private List<Line> lines() {
        return ofType("LINE").stream()
                .map(line -> new Line(text(line), confidence(line), polygon(line),
                        related(line, "CHILD").stream()
                                .filter(b -> isType(b, "WORD"))
                                .map(w -> new Word(text(w), confidence(w), polygon(w)))
                                .toList()))
                .toList();
    }

    private List<KeyValuePair> keyValuePairs() {
        List<KeyValuePair> pairs = new ArrayList<>();
        for (JsonObject key : ofType("KEY_VALUE_SET")) {
            if (!entityTypes(key).contains("KEY")) {
                continue;
            }
            List<JsonObject> values = related(key, "VALUE");
            JsonObject value = values.isEmpty() ? null : values.get(0);
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
        for (JsonObject table : ofType("TABLE")) {
            List<Table.Cell> cells = new ArrayList<>();
            // A merged cell replaces the single cells it covers, taking their text in reading order.
            Set<String> covered = new HashSet<>();
            for (JsonObject merged : related(table, "MERGED_CELL")) {
                List<JsonObject> parts = related(merged, "CHILD");
                parts.forEach(p -> covered.add(p.getString("Id")));
                String text = parts.stream().map(this::childText).filter(t -> !t.isEmpty())
                        .collect(Collectors.joining(" "));
                cells.add(cell(merged, text, parts.stream().anyMatch(TextractBlocks::isHeader)));
            }
            for (JsonObject cell : related(table, "CHILD")) {
                if (isType(cell, "CELL") && !covered.contains(cell.getString("Id"))) {
                    cells.add(cell(cell, childText(cell), isHeader(cell)));
                }
            }
            int rows = cells.stream().mapToInt(c -> c.rowIndex() + c.rowSpan()).max().orElse(0);
            int columns = cells.stream().mapToInt(c -> c.columnIndex() + c.columnSpan()).max().orElse(0);
            tables.add(new Table(rows, columns, polygon(table), cells));
        }
        return tables;
    }

    private Table.Cell cell(JsonObject cell, String text, boolean header) {
        return new Table.Cell(oneBased(cell, "RowIndex") - 1, oneBased(cell, "ColumnIndex") - 1,
                oneBased(cell, "RowSpan"), oneBased(cell, "ColumnSpan"), text,
                header ? "columnHeader" : "content", polygon(cell), confidence(cell));
    }

    private static boolean isHeader(JsonObject cell) {
        return entityTypes(cell).contains("COLUMN_HEADER");
    }

    private static boolean isType(JsonObject block, String type) {
        return type.equals(block.getString("BlockType"));
    }

    private static int oneBased(JsonObject block, String member) {
        Number index = block.getNumber(member);
        return index == null || index.intValue() < 1 ? 1 : index.intValue();
    }

    private static String text(JsonObject block) {
        return Objects.toString(block.getString("Text"), "");
    }

    private static List<String> entityTypes(JsonObject block) {
        JsonArray types = block.getJsonArray("EntityTypes");
        return types == null ? List.of() : types.stream().map(String::valueOf).toList();
    }

    /** Words of a key, value or cell; a checkbox reads as {@code selected}/{@code unselected}. */
    private String childText(JsonObject parent) {
        return related(parent, "CHILD").stream()
                .map(b -> switch (Objects.toString(b.getString("BlockType"), "")) {
                    case "WORD" -> text(b);
                    case "SELECTION_ELEMENT" ->
                            "SELECTED".equals(b.getString("SelectionStatus")) ? "selected" : "unselected";
                    default -> "";
                })
                .filter(t -> !t.isEmpty())
                .collect(Collectors.joining(" "));
    }

    private List<JsonObject> related(JsonObject block, String type) {
        JsonArray relationships = block.getJsonArray("Relationships");
        if (relationships == null) {
            return List.of();
        }
        List<JsonObject> found = new ArrayList<>();
        for (Object r : relationships) {
            if (r instanceof JsonObject relationship && type.equals(relationship.getString("Type"))
                    && relationship.getJsonArray("Ids") != null) {
                for (Object id : relationship.getJsonArray("Ids")) {
                    JsonObject target = byId.get(String.valueOf(id));
                    if (target != null) {
                        found.add(target);
                    }
                }
            }
        }
        return found;
    }

    private List<JsonObject> ofType(String type) {
        return byId.values().stream().filter(b -> isType(b, type)).toList();
    }

    private static double confidence(JsonObject block) {
        Number percent = block.getNumber("Confidence");
        return percent == null ? 0 : percent.doubleValue() / 100.0;
    }

    private Polygon polygon(JsonObject block) {
        JsonObject geometry = block.getJsonObject("Geometry");
        if (geometry == null) {
            return null;
        }
        JsonArray points = geometry.getJsonArray("Polygon");
        if (points != null && !points.isEmpty()) {
            double[] xy = new double[points.size() * 2];
            for (int i = 0; i < points.size(); i++) {
                JsonObject point = points.getJsonObject(i);
                xy[2 * i] = ratio(point, "X") * width;
                xy[2 * i + 1] = ratio(point, "Y") * height;
            }
            return Polygon.of(xy);
        }
        JsonObject box = geometry.getJsonObject("BoundingBox");
        if (box == null) {
            return null;
        }
        double left = ratio(box, "Left");
        double top = ratio(box, "Top");
        return Polygon.rectangle(left * width, top * height,
                (left + ratio(box, "Width")) * width, (top + ratio(box, "Height")) * height);
    }

    private static double ratio(JsonObject object, String member) {
        Number value = object.getNumber(member);
        return value == null ? 0 : value.doubleValue();
    }
}
