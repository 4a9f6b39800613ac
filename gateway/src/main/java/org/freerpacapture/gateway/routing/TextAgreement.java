package org.freerpacapture.gateway.routing;

import org.freerpacapture.gateway.text.EditDistance;

import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.Page;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How far a shadow's reading agrees with the primary's: 1 − character error rate, in [0, 1].
 *
 * <p>The primary is the reference. Each primary line, in order, takes the unused shadow line whose bounding box
 * overlaps it most, if that overlap (intersection over union) is at least {@value #MIN_IOU}; its errors are the
 * case-sensitive Levenshtein distance in code points (the whole line when unmatched). Shadow lines left unmatched
 * count as insertions, their full length. CER is errors over the primary's characters. Two empty readings agree
 * fully; an empty primary against a non-empty shadow not at all.
 */
public final class TextAgreement {

    /** The least box overlap for two lines to be compared. */
    public static final double MIN_IOU = 0.3;

    private TextAgreement() {
    }

    /** Agreement of two readings of one page. */
    public static double between(List<Line> primary, List<Line> shadow) {
        long[] tally = new long[2];
        tally(primary, shadow, tally);
        return score(tally);
    }

    /** Agreement of two readings of a document; pages are paired by page number, and errors summed over pages. */
    public static double between(OcrResult primary, OcrResult shadow) {
        Map<Integer, Page> a = byNumber(primary);
        Map<Integer, Page> b = byNumber(shadow);
        TreeSet<Integer> numbers = new TreeSet<>(a.keySet());
        numbers.addAll(b.keySet());
        long[] tally = new long[2];
        for (int n : numbers) {
            tally(a.containsKey(n) ? a.get(n).lines() : List.of(), b.containsKey(n) ? b.get(n).lines() : List.of(),
                    tally);
        }
        return score(tally);
    }

    private static Map<Integer, Page> byNumber(OcrResult r) {
        return r.pages().stream().collect(Collectors.toMap(Page::pageNumber, Function.identity(), (x, y) -> x,
                TreeMap::new));
    }

    /**
     * How two readings of one page line up: each primary line in order with the shadow line it is compared with (or
     * none), then the shadow lines left over. {@link #between} scores exactly these pairs.
     */
    public static List<Pair> pairs(List<Line> primary, List<Line> shadow) {
        List<Pair> out = new ArrayList<>();
        boolean[] used = new boolean[shadow.size()];
        for (int p = 0; p < primary.size(); p++) {
            Line ref = primary.get(p);
            double best = 0;
            int bestIndex = -1;
            for (int i = 0; i < shadow.size(); i++) {
                if (used[i]) {
                    continue;
                }
                double iou = iou(ref, shadow.get(i));
                if (iou > best) {
                    best = iou;
                    bestIndex = i;
                }
            }
            String other = "";
            int matched = -1;
            if (bestIndex >= 0 && best >= MIN_IOU) {
                used[bestIndex] = true;
                matched = bestIndex;
                other = shadow.get(bestIndex).text();
            }
            out.add(new Pair(p, matched, EditDistance.between(ref.text(), other), length(ref.text())));
        }
        for (int i = 0; i < shadow.size(); i++) {
            if (!used[i]) {
                out.add(new Pair(-1, i, length(shadow.get(i).text()), 0));
            }
        }
        return out;
    }

    /**
     * One comparison of the agreement.
     *
     * @param primary   index of the primary's line, or -1 for a shadow line nothing matched
     * @param shadow    index of the shadow's line, or -1 when none overlapped the primary's enough
     * @param errors    character errors it counts
     * @param reference characters of the primary's line it counts
     */
    public record Pair(int primary, int shadow, long errors, long reference) {
    }

    /** Adds errors to {@code tally[0]} and reference characters to {@code tally[1]}. */
    private static void tally(List<Line> primary, List<Line> shadow, long[] tally) {
        for (Pair pair : pairs(primary, shadow)) {
            tally[0] += pair.errors();
            tally[1] += pair.reference();
        }
    }

    private static double score(long[] tally) {
        long errors = tally[0];
        long reference = tally[1];
        if (reference == 0) {
            return errors == 0 ? 1.0 : 0.0;
        }
        return Math.max(0, Math.min(1, 1 - (double) errors / reference));
    }

    private static double iou(Line a, Line b) {
        return a.polygon() == null || b.polygon() == null ? 0 : a.polygon().boxIou(b.polygon());
    }

    private static int length(String s) {
        return s == null ? 0 : s.codePointCount(0, s.length());
    }
}
