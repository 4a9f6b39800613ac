package org.freerpacapture.fakes.textract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.freerpacapture.fakes.SampleLayout;
import org.freerpacapture.fakes.SampleLayout.Box;
import org.freerpacapture.fakes.SampleLayout.Run;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Lays a sample page out as Textract blocks: PAGE, LINE and WORD always; KEY_VALUE_SET pairs and TABLE/CELL when
 * asked. Ids are UUIDs derived from a counter so answers repeat exactly.
 */
final class TextractBlocks {

    private final JsonArray blocks = new JsonArray();
    private int nextId;

    static JsonArray of(SampleLayout layout, boolean forms, boolean tables) {
        return new TextractBlocks().build(layout, forms, tables);
    }

    private JsonArray build(SampleLayout layout, boolean forms, boolean tables) {
        JsonObject page = block("PAGE", null, null, new Box(0, 0, 1, 1));
        blocks.add(page);
        List<String> lineIds = new ArrayList<>();
        List<List<String>> wordIdsByRun = new ArrayList<>();
        for (Run run : layout.allRuns()) {
            List<String> wordIds = new ArrayList<>();
            JsonObject line = block("LINE", run.text(), 99.1, run.box());
            blocks.add(line);
            for (SampleLayout.WordBox w : run.words()) {
                JsonObject word = block("WORD", w.text(), 98.7, w.box()).put("TextType", "PRINTED");
                blocks.add(word);
                wordIds.add(word.getString("Id"));
            }
            line.put("Relationships", children(wordIds));
            lineIds.add(line.getString("Id"));
            wordIdsByRun.add(wordIds);
        }
        page.put("Relationships", children(lineIds));

        int runIndex = layout.lines().size();
        if (forms) {
            for (SampleLayout.FieldRuns field : layout.fields()) {
                JsonObject key = block("KEY_VALUE_SET", null, 93.4, field.key().box())
                        .put("EntityTypes", new JsonArray().add("KEY"));
                JsonObject value = block("KEY_VALUE_SET", null, 93.4, field.value().box())
                        .put("EntityTypes", new JsonArray().add("VALUE"));
                key.put("Relationships", new JsonArray()
                        .add(relationship("VALUE", List.of(value.getString("Id"))))
                        .add(relationship("CHILD", wordIdsByRun.get(runIndex))));
                value.put("Relationships", children(wordIdsByRun.get(runIndex + 1)));
                blocks.add(key).add(value);
                runIndex += 2;
            }
        } else {
            runIndex += 2 * layout.fields().size();
        }
        if (tables && layout.table().rows() > 0) {
            List<String> cellIds = new ArrayList<>();
            JsonObject table = block("TABLE", null, 97.0, layout.table().box());
            blocks.add(table);
            for (SampleLayout.CellRuns cell : layout.table().cells()) {
                JsonObject c = block("CELL", null, 95.2, cell.box())
                        .put("RowIndex", cell.row() + 1).put("ColumnIndex", cell.column() + 1)
                        .put("RowSpan", 1).put("ColumnSpan", 1)
                        .put("Relationships", children(wordIdsByRun.get(runIndex++)));
                if (cell.header()) {
                    c.put("EntityTypes", new JsonArray().add("COLUMN_HEADER"));
                }
                blocks.add(c);
                cellIds.add(c.getString("Id"));
            }
            table.put("Relationships", children(cellIds))
                    .put("EntityTypes", new JsonArray().add("STRUCTURED_TABLE"));
        }
        return blocks;
    }

    private JsonObject block(String type, String text, Double confidence, Box box) {
        JsonObject b = new JsonObject().put("BlockType", type).put("Id", id()).put("Page", 1);
        if (confidence != null) {
            b.put("Confidence", confidence);
        }
        if (text != null) {
            b.put("Text", text);
        }
        return b.put("Geometry", geometry(box));
    }

    private static JsonObject geometry(Box box) {
        return new JsonObject()
                .put("BoundingBox", new JsonObject().put("Width", box.width()).put("Height", box.height())
                        .put("Left", box.left()).put("Top", box.top()))
                .put("Polygon", new JsonArray()
                        .add(point(box.left(), box.top())).add(point(box.right(), box.top()))
                        .add(point(box.right(), box.bottom())).add(point(box.left(), box.bottom())));
    }

    private static JsonObject point(double x, double y) {
        return new JsonObject().put("X", x).put("Y", y);
    }

    private static JsonArray children(List<String> ids) {
        return new JsonArray().add(relationship("CHILD", ids));
    }

    private static JsonObject relationship(String type, List<String> ids) {
        return new JsonObject().put("Type", type).put("Ids", new JsonArray(new ArrayList<>(ids)));
    }

    private String id() {
        return UUID.nameUUIDFromBytes(("block-" + nextId++).getBytes(StandardCharsets.US_ASCII)).toString();
    }
}
