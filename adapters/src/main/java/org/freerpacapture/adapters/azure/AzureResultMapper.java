package org.freerpacapture.adapters.azure;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.KeyValuePair;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.Table;
import org.freerpacapture.ocr.Word;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps an {@code analyzeResult} to unified pages.
 *
 * <p>Coordinates: the service answers in pixels for images and inches for PDFs. Both are converted to the pixels
 * of the page as the gateway decoded it: {@code x_px = x × pageImage.width / page.width} (and likewise for y).
 * Without a decoded page, pixels stay as they are and inches become PDF points (72 per inch).
 *
 * <p>Lines carry no confidence in this API; a line's confidence is the mean of its words', found through the
 * {@code span}s that tie words and lines to {@code content}. Key-value pairs and tables are listed once for the
 * whole document and are placed on the page of their first bounding region.
 */
final class AzureResultMapper {

    static final double POINTS_PER_INCH = 72;

    private AzureResultMapper() {
    }

    /** Scale from service units to the page's pixels. */
    private record Scale(double x, double y, int width, int height) {
        Polygon apply(JsonArray flat) {
            if (flat == null || flat.isEmpty() || flat.size() % 2 != 0) {
                return null;
            }
            double[] xy = new double[flat.size()];
            for (int i = 0; i < xy.length; i++) {
                xy[i] = ((Number) flat.getValue(i)).doubleValue() * (i % 2 == 0 ? x : y);
            }
            return Polygon.of(xy);
        }
    }

    private record WordAt(int offset, int length, double confidence) {
    }

    static List<Page> pages(JsonObject analyzeResult, Document document) {
        JsonArray pages = array(analyzeResult, "pages");
        List<WordAt> allWords = new ArrayList<>();
        Map<Integer, Scale> scales = new HashMap<>();
        for (int i = 0; i < pages.size(); i++) {
            JsonObject page = pages.getJsonObject(i);
            scales.put(page.getInteger("pageNumber", i + 1), scale(page, document));
            for (Object w : array(page, "words")) {
                JsonObject word = (JsonObject) w;
                JsonObject span = word.getJsonObject("span");
                if (span != null) {
                    allWords.add(new WordAt(span.getInteger("offset", 0), span.getInteger("length", 0),
                            word.getDouble("confidence", 1.0)));
                }
            }
        }
        allWords.sort(Comparator.comparingInt(WordAt::offset));
        WordIndex words = new WordIndex(allWords);

        Map<Integer, List<KeyValuePair>> pairsByPage = keyValuePairs(analyzeResult, scales);
        Map<Integer, List<Table>> tablesByPage = tables(analyzeResult, scales, words);

        List<Page> out = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            JsonObject page = pages.getJsonObject(i);
            int number = page.getInteger("pageNumber", i + 1);
            Scale scale = scales.get(number);
            out.add(new Page(number, scale.width(), scale.height(), "pixel", page.getDouble("angle", 0.0),
                    lines(page, scale, words), pairsByPage.getOrDefault(number, List.of()),
                    tablesByPage.getOrDefault(number, List.of())));
        }
        return out;
    }

    private static Scale scale(JsonObject page, Document document) {
        double width = page.getDouble("width", 0.0);
        double height = page.getDouble("height", 0.0);
        int number = page.getInteger("pageNumber", 1);
        PageImage image = document.pages().stream().filter(p -> p.pageNumber() == number).findFirst()
                .orElse(document.pages().size() == 1 && !document.isPdf() ? document.pages().get(0) : null);
        if (image != null && width > 0 && height > 0) {
            return new Scale(image.width() / width, image.height() / height, image.width(), image.height());
        }
        double unit = "inch".equals(page.getString("unit")) ? POINTS_PER_INCH : 1;
        return new Scale(unit, unit, (int) Math.round(width * unit), (int) Math.round(height * unit));
    }

    private static List<Line> lines(JsonObject page, Scale scale, WordIndex index) {
        List<JsonObject> words = new ArrayList<>();
        array(page, "words").forEach(w -> words.add((JsonObject) w));
        words.sort(Comparator.comparingInt(w -> w.getJsonObject("span", new JsonObject()).getInteger("offset", 0)));
        int[] offsets = words.stream()
                .mapToInt(w -> w.getJsonObject("span", new JsonObject()).getInteger("offset", 0)).toArray();

        List<Line> lines = new ArrayList<>();
        for (Object l : array(page, "lines")) {
            JsonObject line = (JsonObject) l;
            List<Word> lineWords = new ArrayList<>();
            for (Object s : array(line, "spans")) {
                JsonObject span = (JsonObject) s;
                int start = span.getInteger("offset", 0);
                int end = start + span.getInteger("length", 0);
                for (int i = lowerBound(offsets, start); i < offsets.length && offsets[i] < end; i++) {
                    JsonObject w = words.get(i);
                    lineWords.add(new Word(w.getString("content", ""), w.getDouble("confidence", 1.0),
                            scale.apply(w.getJsonArray("polygon"))));
                }
            }
            double confidence = lineWords.isEmpty() ? index.meanConfidence(array(line, "spans"))
                    : lineWords.stream().mapToDouble(Word::confidence).average().orElse(1.0);
            lines.add(new Line(line.getString("content", ""), confidence, scale.apply(line.getJsonArray("polygon")),
                    lineWords));
        }
        return lines;
    }

    private static Map<Integer, List<KeyValuePair>> keyValuePairs(JsonObject result, Map<Integer, Scale> scales) {
        Map<Integer, List<KeyValuePair>> byPage = new TreeMap<>();
        for (Object o : array(result, "keyValuePairs")) {
            JsonObject pair = (JsonObject) o;
            JsonObject key = pair.getJsonObject("key", new JsonObject());
            int page = firstPage(key);
            KeyValuePair.TextSpan keySpan = textSpan(key, scales);
            JsonObject value = pair.getJsonObject("value");
            KeyValuePair.TextSpan valueSpan = value == null ? new KeyValuePair.TextSpan("", null)
                    : textSpan(value, scales);
            byPage.computeIfAbsent(page, p -> new ArrayList<>())
                    .add(new KeyValuePair(keySpan, valueSpan, pair.getDouble("confidence", 1.0)));
        }
        return byPage;
    }

    private static Map<Integer, List<Table>> tables(JsonObject result, Map<Integer, Scale> scales, WordIndex words) {
        Map<Integer, List<Table>> byPage = new TreeMap<>();
        for (Object o : array(result, "tables")) {
            JsonObject table = (JsonObject) o;
            int page = firstPage(table);
            List<Table.Cell> cells = new ArrayList<>();
            for (Object c : array(table, "cells")) {
                JsonObject cell = (JsonObject) c;
                cells.add(new Table.Cell(cell.getInteger("rowIndex", 0), cell.getInteger("columnIndex", 0),
                        cell.getInteger("rowSpan", 1), cell.getInteger("columnSpan", 1),
                        cell.getString("content", ""), cell.getString("kind", "content"),
                        regionPolygon(cell, scales), words.meanConfidence(array(cell, "spans"))));
            }
            byPage.computeIfAbsent(page, p -> new ArrayList<>()).add(new Table(table.getInteger("rowCount", 0),
                    table.getInteger("columnCount", 0), regionPolygon(table, scales), cells));
        }
        return byPage;
    }

    private static KeyValuePair.TextSpan textSpan(JsonObject element, Map<Integer, Scale> scales) {
        return new KeyValuePair.TextSpan(element.getString("content", ""), regionPolygon(element, scales));
    }

    private static int firstPage(JsonObject element) {
        JsonArray regions = array(element, "boundingRegions");
        return regions.isEmpty() ? 1 : regions.getJsonObject(0).getInteger("pageNumber", 1);
    }

    private static Polygon regionPolygon(JsonObject element, Map<Integer, Scale> scales) {
        JsonArray regions = array(element, "boundingRegions");
        if (regions.isEmpty()) {
            return null;
        }
        JsonObject region = regions.getJsonObject(0);
        Scale scale = scales.getOrDefault(region.getInteger("pageNumber", 1), new Scale(1, 1, 0, 0));
        return scale.apply(region.getJsonArray("polygon"));
    }

    private static JsonArray array(JsonObject o, String key) {
        JsonArray a = o == null ? null : o.getJsonArray(key);
        return a == null ? new JsonArray() : a;
    }

    private static int lowerBound(int[] sorted, int key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** All words of the document by content offset, to find the words under a span. */
    private static final class WordIndex {
        private final List<WordAt> words;
        private final int[] offsets;

        WordIndex(List<WordAt> sorted) {
            this.words = sorted;
            this.offsets = sorted.stream().mapToInt(WordAt::offset).toArray();
        }

        /** Mean confidence of the words under the spans; 1.0 when no word is under them. */
        double meanConfidence(JsonArray spans) {
            double sum = 0;
            int n = 0;
            for (Object s : spans) {
                JsonObject span = (JsonObject) s;
                int start = span.getInteger("offset", 0);
                int end = start + span.getInteger("length", 0);
                for (int i = lowerBound(offsets, start); i < offsets.length && offsets[i] < end; i++) {
                    sum += words.get(i).confidence();
                    n++;
                }
            }
            return n == 0 ? 1.0 : sum / n;
        }
    }
}
