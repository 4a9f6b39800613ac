package org.freerpacapture.fakes.documentai;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.freerpacapture.fakes.SampleLayout;
import org.freerpacapture.fakes.SampleLayout.Box;
import org.freerpacapture.fakes.SampleLayout.Run;
import org.freerpacapture.fakes.SamplePage;

import java.util.List;

/**
 * Writes sample pages as a Document AI {@code Document} in protobuf JSON form: int64 text indices as strings,
 * zero values left out (a segment starting at 0 has no {@code startIndex}, a vertex at x=0 no {@code x}),
 * {@code textAnchor} segments into one {@code text} for the whole document.
 */
final class DocumentAiDocuments {

    private final StringBuilder text = new StringBuilder();

    /** One page of the answer: what it reads and its size in pixels. */
    record PageSpec(SamplePage sample, int width, int height) {
    }

    static JsonObject document(String mimeType, List<PageSpec> pages) {
        DocumentAiDocuments doc = new DocumentAiDocuments();
        JsonArray jsonPages = new JsonArray();
        for (int i = 0; i < pages.size(); i++) {
            jsonPages.add(doc.page(i + 1, pages.get(i)));
        }
        return new JsonObject().put("mimeType", mimeType).put("text", doc.text.toString()).put("pages", jsonPages);
    }

    private JsonObject page(int number, PageSpec spec) {
        SampleLayout layout = SampleLayout.of(spec.sample());
        int pageStart = text.length();
        JsonArray lines = new JsonArray();
        JsonArray tokens = new JsonArray();
        JsonObject[] runLayouts = new JsonObject[layout.allRuns().size()];
        int r = 0;
        for (Run run : layout.allRuns()) {
            int start = text.length();
            text.append(run.text()).append('\n');
            runLayouts[r] = layout(start, text.length(), 0.98, run.box(), spec);
            lines.add(new JsonObject().put("layout", runLayouts[r]));
            int at = 0;
            for (int w = 0; w < run.words().size(); w++) {
                SampleLayout.WordBox word = run.words().get(w);
                int offset = run.text().indexOf(word.text(), at);
                at = offset + word.text().length();
                int wordStart = start + offset;
                // A token's segment takes in the space or newline after it, as the service's do.
                JsonObject token = new JsonObject()
                        .put("layout", layout(wordStart, wordStart + word.text().length() + 1, 0.99, word.box(), spec));
                if (w < run.words().size() - 1) {
                    token.put("detectedBreak", new JsonObject().put("type", "SPACE"));
                }
                tokens.add(token);
            }
            r++;
        }
        JsonArray formFields = new JsonArray();
        int runIndex = layout.lines().size();
        for (SampleLayout.FieldRuns field : layout.fields()) {
            formFields.add(new JsonObject()
                    .put("fieldName", withContent(runLayouts[runIndex], field.key().text()))
                    .put("fieldValue", withContent(runLayouts[runIndex + 1], field.value().text()))
                    .put("valueType", ""));
            runIndex += 2;
        }
        JsonArray tables = new JsonArray();
        if (layout.table().rows() > 0) {
            JsonArray headerRows = new JsonArray();
            JsonArray bodyRows = new JsonArray();
            int tableStart = -1;
            int tableEnd = 0;
            JsonArray row = null;
            int rowIndex = -1;
            for (SampleLayout.CellRuns cell : layout.table().cells()) {
                JsonObject textLayout = runLayouts[runIndex++];
                JsonObject segment = textLayout.getJsonObject("textAnchor").getJsonArray("textSegments")
                        .getJsonObject(0);
                int start = Integer.parseInt(segment.getString("startIndex", "0"));
                tableStart = tableStart < 0 ? start : tableStart;
                tableEnd = Integer.parseInt(segment.getString("endIndex"));
                if (cell.row() != rowIndex) {
                    rowIndex = cell.row();
                    row = new JsonArray();
                    (cell.header() ? headerRows : bodyRows).add(new JsonObject().put("cells", row));
                }
                row.add(new JsonObject().put("layout", layout(start, tableEnd, 0.95, cell.box(), spec))
                        .put("rowSpan", 1).put("colSpan", 1));
            }
            tables.add(new JsonObject()
                    .put("layout", layout(tableStart, tableEnd, 0.97, layout.table().box(), spec))
                    .put("headerRows", headerRows).put("bodyRows", bodyRows));
        }
        return new JsonObject()
                .put("pageNumber", number)
                .put("dimension", new JsonObject().put("width", spec.width()).put("height", spec.height())
                        .put("unit", "pixels"))
                .put("detectedLanguages", new JsonArray().add(new JsonObject().put("languageCode", "en")
                        .put("confidence", 0.99)))
                .put("layout", layout(pageStart, text.length(), 0.99, new Box(0, 0, 1, 1), spec)
                        .put("orientation", "PAGE_UP"))
                .put("lines", lines)
                .put("tokens", tokens)
                .put("formFields", formFields)
                .put("tables", tables);
    }

    private static JsonObject withContent(JsonObject layout, String content) {
        JsonObject copy = layout.copy();
        copy.getJsonObject("textAnchor").put("content", content);
        return copy;
    }

    private static JsonObject layout(int start, int end, double confidence, Box box, PageSpec page) {
        JsonObject segment = new JsonObject();
        if (start != 0) {
            segment.put("startIndex", Integer.toString(start));
        }
        segment.put("endIndex", Integer.toString(end));
        return new JsonObject()
                .put("textAnchor", new JsonObject().put("textSegments", new JsonArray().add(segment)))
                .put("confidence", confidence)
                .put("boundingPoly", new JsonObject()
                        .put("vertices", corners(box, page.width(), page.height(), true))
                        .put("normalizedVertices", corners(box, 1, 1, false)))
                .put("orientation", "PAGE_UP");
    }

    private static JsonArray corners(Box box, double sx, double sy, boolean whole) {
        return new JsonArray()
                .add(vertex(box.left() * sx, box.top() * sy, whole))
                .add(vertex(box.right() * sx, box.top() * sy, whole))
                .add(vertex(box.right() * sx, box.bottom() * sy, whole))
                .add(vertex(box.left() * sx, box.bottom() * sy, whole));
    }

    private static JsonObject vertex(double x, double y, boolean whole) {
        JsonObject v = new JsonObject();
        if (x != 0) {
            v.put("x", whole ? (Object) (int) Math.round(x) : (Object) x);
        }
        if (y != 0) {
            v.put("y", whole ? (Object) (int) Math.round(y) : (Object) y);
        }
        return v;
    }
}
