package org.freerpacapture.adapters.documentai;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.freerpacapture.ocr.KeyValuePair;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.Table;
import org.freerpacapture.ocr.Word;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Document AI {@code Document} (protobuf JSON) as unified pages.
 *
 * <p>Text lives once in {@code document.text}; every element points into it with {@code textAnchor} segments
 * whose int64 indices may come as strings or numbers and whose zero values are left out. Geometry is taken from
 * {@code normalizedVertices} scaled to the page as the caller sent it, else from pixel {@code vertices} rescaled
 * from the service's page {@code dimension}. Tokens become the words of the line whose text they lie in.
 */
final class DocumentAiPages {

    private final String text;

    private DocumentAiPages(String text) {
        this.text = text;
    }

    /**
     * @param document the {@code document} of a ProcessResponse
     * @param sent     the caller's pages by page number; when not empty, only these pages are returned
     */
    static List<Page> toPages(JsonObject document, Map<Integer, PageImage> sent) {
        DocumentAiPages reader = new DocumentAiPages(document.getString("text", ""));
        JsonArray pages = document.getJsonArray("pages", new JsonArray());
        List<Page> out = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            JsonObject page = pages.getJsonObject(i);
            int number = page.getInteger("pageNumber", i + 1);
            if (!sent.isEmpty() && !sent.containsKey(number)) {
                continue;
            }
            out.add(reader.page(number, page, sent.get(number)));
        }
        return out;
    }

    /** How the service's coordinates become pixels of the page as sent. */
    private record Frame(double width, double height, double fromServiceX, double fromServiceY) {
    }

    private Page page(int number, JsonObject page, PageImage image) {
        JsonObject dimension = page.getJsonObject("dimension", new JsonObject());
        double serviceWidth = number(dimension.getValue("width"));
        double serviceHeight = number(dimension.getValue("height"));
        double width = image != null ? image.width() : serviceWidth;
        double height = image != null ? image.height() : serviceHeight;
        Frame frame = new Frame(width, height,
                serviceWidth > 0 ? width / serviceWidth : 1, serviceHeight > 0 ? height / serviceHeight : 1);

        List<Line> lines = lines(page, frame);
        return new Page(number, (int) Math.round(width), (int) Math.round(height), "pixel",
                angle(page.getJsonObject("layout")), lines, formFields(page, frame), tables(page, frame));
    }

    private List<Line> lines(JsonObject page, Frame frame) {
        JsonArray lines = page.getJsonArray("lines", new JsonArray());
        // Line start index → line number, to find the line a token's text lies in.
        TreeMap<Long, Integer> lineStarts = new TreeMap<>();
        long[] lineEnds = new long[lines.size()];
        List<List<Word>> words = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonArray segments = segments(lines.getJsonObject(i).getJsonObject("layout"));
            if (!segments.isEmpty()) {
                lineStarts.put(index(segments.getJsonObject(0).getValue("startIndex")), i);
                lineEnds[i] = index(segments.getJsonObject(segments.size() - 1).getValue("endIndex"));
            }
            words.add(new ArrayList<>());
        }
        for (Object t : page.getJsonArray("tokens", new JsonArray())) {
            JsonObject layout = ((JsonObject) t).getJsonObject("layout");
            JsonArray segments = segments(layout);
            if (segments.isEmpty()) {
                continue;
            }
            var line = lineStarts.floorEntry(index(segments.getJsonObject(0).getValue("startIndex")));
            if (line != null && index(segments.getJsonObject(0).getValue("startIndex")) < lineEnds[line.getValue()]) {
                words.get(line.getValue()).add(new Word(text(layout), confidence(layout), polygon(layout, frame)));
            }
        }
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonObject layout = lines.getJsonObject(i).getJsonObject("layout");
            out.add(new Line(text(layout), confidence(layout), polygon(layout, frame), words.get(i)));
        }
        return out;
    }

    private List<KeyValuePair> formFields(JsonObject page, Frame frame) {
        List<KeyValuePair> pairs = new ArrayList<>();
        for (Object f : page.getJsonArray("formFields", new JsonArray())) {
            JsonObject field = (JsonObject) f;
            JsonObject name = field.getJsonObject("fieldName", new JsonObject());
            JsonObject value = field.getJsonObject("fieldValue", new JsonObject());
            String valueText = switch (field.getString("valueType", "")) {
                case "filled_checkbox" -> "selected";
                case "unfilled_checkbox" -> "unselected";
                default -> text(value);
            };
            pairs.add(new KeyValuePair(
                    new KeyValuePair.TextSpan(text(name), polygon(name, frame)),
                    new KeyValuePair.TextSpan(valueText, polygon(value, frame)),
                    value.isEmpty() ? confidence(name) : Math.min(confidence(name), confidence(value))));
        }
        return pairs;
    }

    private List<Table> tables(JsonObject page, Frame frame) {
        List<Table> tables = new ArrayList<>();
        for (Object t : page.getJsonArray("tables", new JsonArray())) {
            JsonObject table = (JsonObject) t;
            List<Table.Cell> cells = new ArrayList<>();
            // Rows list only the cells that start in them; a cell spanning rows takes grid slots below it.
            Set<Long> taken = new HashSet<>();
            int row = 0;
            int columns = 0;
            for (String part : List.of("headerRows", "bodyRows")) {
                for (Object r : table.getJsonArray(part, new JsonArray())) {
                    int column = 0;
                    for (Object c : ((JsonObject) r).getJsonArray("cells", new JsonArray())) {
                        JsonObject cell = (JsonObject) c;
                        while (taken.contains(slot(row, column))) {
                            column++;
                        }
                        int rowSpan = Math.max(1, cell.getInteger("rowSpan", 1));
                        int colSpan = Math.max(1, cell.getInteger("colSpan", 1));
                        for (int dr = 0; dr < rowSpan; dr++) {
                            for (int dc = 0; dc < colSpan; dc++) {
                                taken.add(slot(row + dr, column + dc));
                            }
                        }
                        JsonObject layout = cell.getJsonObject("layout", new JsonObject());
                        cells.add(new Table.Cell(row, column, rowSpan, colSpan,
                                text(layout).replace('\n', ' ').trim(),
                                "headerRows".equals(part) ? "columnHeader" : "content",
                                polygon(layout, frame), confidence(layout)));
                        column += colSpan;
                        columns = Math.max(columns, column);
                    }
                    row++;
                }
            }
            final int rowsSeen = row;
            int rows = cells.stream().mapToInt(c -> c.rowIndex() + c.rowSpan()).max().orElse(0);
            tables.add(new Table(Math.max(rows, rowsSeen), columns,
                    polygon(table.getJsonObject("layout", new JsonObject()), frame), cells));
        }
        return tables;
    }

    private static long slot(int row, int column) {
        return ((long) row << 32) | column;
    }

    /** The layout's text: its segments of the document text, or its own {@code content}; trimmed. */
    private String text(JsonObject layout) {
        if (layout == null) {
            return "";
        }
        JsonObject anchor = layout.getJsonObject("textAnchor", new JsonObject());
        JsonArray segments = anchor.getJsonArray("textSegments", new JsonArray());
        if (segments.isEmpty()) {
            return anchor.getString("content", "").trim();
        }
        StringBuilder s = new StringBuilder();
        for (Object o : segments) {
            JsonObject segment = (JsonObject) o;
            int start = (int) Math.max(0, Math.min(text.length(), index(segment.getValue("startIndex"))));
            int end = (int) Math.max(start, Math.min(text.length(), index(segment.getValue("endIndex"))));
            s.append(text, start, end);
        }
        return s.toString().trim();
    }

    private static JsonArray segments(JsonObject layout) {
        if (layout == null) {
            return new JsonArray();
        }
        return layout.getJsonObject("textAnchor", new JsonObject()).getJsonArray("textSegments", new JsonArray());
    }

    private static double confidence(JsonObject layout) {
        return layout == null ? 0 : number(layout.getValue("confidence"));
    }

    private static Polygon polygon(JsonObject layout, Frame frame) {
        JsonObject poly = layout == null ? null : layout.getJsonObject("boundingPoly");
        if (poly == null) {
            return null;
        }
        JsonArray normalized = poly.getJsonArray("normalizedVertices", new JsonArray());
        JsonArray vertices = poly.getJsonArray("vertices", new JsonArray());
        boolean useNormalized = !normalized.isEmpty();
        JsonArray points = useNormalized ? normalized : vertices;
        if (points.isEmpty()) {
            return null;
        }
        double sx = useNormalized ? frame.width() : frame.fromServiceX();
        double sy = useNormalized ? frame.height() : frame.fromServiceY();
        double[] xy = new double[points.size() * 2];
        for (int i = 0; i < points.size(); i++) {
            JsonObject p = points.getJsonObject(i);
            xy[2 * i] = number(p.getValue("x")) * sx;
            xy[2 * i + 1] = number(p.getValue("y")) * sy;
        }
        return Polygon.of(xy);
    }

    private static double angle(JsonObject layout) {
        String orientation = layout == null ? "" : layout.getString("orientation", "");
        return switch (orientation) {
            case "PAGE_RIGHT" -> 90;
            case "PAGE_DOWN" -> 180;
            case "PAGE_LEFT" -> 270;
            default -> 0;
        };
    }

    /** An int64 in protobuf JSON: a string or a number; absent means 0. */
    static long index(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        return Long.parseLong(value.toString().trim());
    }

    private static double number(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return Double.parseDouble(value.toString().trim());
    }
}
