package org.freerpacapture.fakes;

import java.util.List;

/**
 * What a fake "reads" on one page: plain lines, form fields and at most one table. Fakes cannot read pixels, so
 * tests say up front what the service will report.
 *
 * @param lines  free text lines, top to bottom
 * @param fields form fields, label and value
 * @param table  table rows, the first row being the header; empty for no table
 */
public record SamplePage(List<String> lines, List<Field> fields, List<List<String>> table) {

    public SamplePage {
        lines = List.copyOf(lines);
        fields = List.copyOf(fields);
        table = table.stream().map(List::copyOf).toList();
    }

    /** A label and its value. */
    public record Field(String key, String value) {
    }

    public static SamplePage ofLines(String... lines) {
        return new SamplePage(List.of(lines), List.of(), List.of());
    }

    /** A small receipt with two fields and a three-column table. */
    public static SamplePage receipt() {
        return new SamplePage(
                List.of("ACME HARDWARE STORE", "12 Market Street Springfield", "Thank you for shopping"),
                List.of(new Field("Invoice No:", "INV-0042"), new Field("Date:", "2024-03-01")),
                List.of(List.of("Item", "Qty", "Price"),
                        List.of("Hammer", "1", "12.50"),
                        List.of("Nails 100 pcs", "2", "3.98")));
    }
}
