package org.freerpacapture.fakes;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the text of a {@link SamplePage} sits, in ratios of the page (0..1, origin top-left), so every fake
 * reports the same geometry in its own wire format.
 *
 * <p>Rows run top to bottom: the plain lines, then one row per form field (label left, value right), then the
 * table with one box per cell. Every piece of text is a {@link Run}, as services report every text as a line.
 */
public record SampleLayout(List<Run> lines, List<FieldRuns> fields, TableRuns table) {

    /** An axis-aligned box in page ratios. */
    public record Box(double left, double top, double right, double bottom) {
        public double width() {
            return right - left;
        }

        public double height() {
            return bottom - top;
        }
    }

    /** A piece of text on one row and its words. */
    public record Run(String text, Box box, List<WordBox> words) {
    }

    public record WordBox(String text, Box box) {
    }

    public record FieldRuns(Run key, Run value) {
    }

    /** A table cell; row and column 0-based. */
    public record CellRuns(int row, int column, boolean header, Box box, Run text) {
    }

    /** A table, or {@code rows == 0} for none. */
    public record TableRuns(int rows, int columns, Box box, List<CellRuns> cells) {
    }

    private static final double MARGIN = 0.05;
    private static final double CHAR_WIDTH = 0.012;

    public static SampleLayout of(SamplePage page) {
        int rows = page.lines().size() + page.fields().size() + page.table().size();
        double pitch = Math.min(0.06, (1 - 2 * MARGIN) / Math.max(1, rows));
        double textHeight = pitch * 0.7;
        int row = 0;

        List<Run> lines = new ArrayList<>();
        for (String text : page.lines()) {
            lines.add(run(text, MARGIN, top(row++, pitch), textHeight));
        }
        List<FieldRuns> fields = new ArrayList<>();
        for (SamplePage.Field f : page.fields()) {
            double top = top(row++, pitch);
            fields.add(new FieldRuns(run(f.key(), MARGIN, top, textHeight), run(f.value(), 0.4, top, textHeight)));
        }
        TableRuns table = new TableRuns(0, 0, new Box(0, 0, 0, 0), List.of());
        if (!page.table().isEmpty()) {
            int columns = page.table().stream().mapToInt(List::size).max().orElse(0);
            double columnWidth = (1 - 2 * MARGIN) / columns;
            double tableTop = top(row, pitch);
            List<CellRuns> cells = new ArrayList<>();
            for (int r = 0; r < page.table().size(); r++) {
                double cellTop = top(row++, pitch);
                List<String> cellTexts = page.table().get(r);
                for (int c = 0; c < cellTexts.size(); c++) {
                    double left = MARGIN + c * columnWidth;
                    Box cellBox = new Box(left, cellTop, left + columnWidth, cellTop + pitch);
                    Run text = run(cellTexts.get(c), left + 0.005, cellTop + (pitch - textHeight) / 2, textHeight);
                    cells.add(new CellRuns(r, c, r == 0, cellBox, text));
                }
            }
            table = new TableRuns(page.table().size(), columns,
                    new Box(MARGIN, tableTop, 1 - MARGIN, top(row, pitch)), cells);
        }
        return new SampleLayout(lines, fields, table);
    }

    /** Every run on the page in reading order: lines, then each field's label and value, then cells by row. */
    public List<Run> allRuns() {
        List<Run> all = new ArrayList<>(lines);
        fields.forEach(f -> {
            all.add(f.key());
            all.add(f.value());
        });
        table.cells().forEach(c -> all.add(c.text()));
        return all;
    }

    private static double top(int row, double pitch) {
        return MARGIN + row * pitch;
    }

    /** Words get widths proportional to their length, so a word's box lies inside its line's box. */
    private static Run run(String text, double left, double top, double height) {
        double bottom = top + height;
        double charWidth = Math.min(CHAR_WIDTH, (1 - MARGIN - left) / Math.max(1, text.length()));
        List<WordBox> words = new ArrayList<>();
        int at = 0;
        for (String word : text.split(" ")) {
            if (!word.isEmpty()) {
                int start = text.indexOf(word, at);
                words.add(new WordBox(word, new Box(left + start * charWidth, top,
                        left + (start + word.length()) * charWidth, bottom)));
                at = start + word.length();
            }
        }
        return new Run(text, new Box(left, top, left + text.length() * charWidth, bottom), words);
    }
}
