package org.freerpacapture.ocr;

import java.util.List;

/** A table found by a provider that detects them; cells are 0-indexed. */
public record Table(int rowCount, int columnCount, Polygon polygon, List<Cell> cells) {
    public Table {
        cells = List.copyOf(cells);
    }

    /**
     * @param kind {@code columnHeader}, {@code rowHeader} or {@code content}
     */
    public record Cell(int rowIndex, int columnIndex, int rowSpan, int columnSpan, String text, String kind,
                       Polygon polygon, double confidence) {
    }
}
