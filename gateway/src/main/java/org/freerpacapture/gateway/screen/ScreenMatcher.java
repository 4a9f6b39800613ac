package org.freerpacapture.gateway.screen;

import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.Polygon;
import org.freerpacapture.ocr.Word;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds a text on a screen the way a person scans for a label: compared after {@link TextNormalizer}, against
 * every word, every run of consecutive words within a line, and every whole line, so "TOTAL" finds the word TOTAL
 * in "TOTAL RM 9.00" with score 1.0 and that word's center as the click point.
 *
 * <p>Each line yields at most its best candidate (the shortest run on a tie), so one label is not reported three
 * times as word, run and line. Matches below {@code minScore} are dropped; the best {@code limit} remain, ranked
 * by score, then reading order.
 */
public final class ScreenMatcher {

    public static final double DEFAULT_MIN_SCORE = 0.6;
    public static final int DEFAULT_LIMIT = 5;

    private final double minScore;
    private final int limit;

    public ScreenMatcher(double minScore, int limit) {
        if (minScore < 0 || minScore > 1) {
            throw new IllegalArgumentException("minScore must be within 0..1, got " + minScore);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.minScore = minScore;
        this.limit = limit;
    }

    public static ScreenMatcher defaults() {
        return new ScreenMatcher(DEFAULT_MIN_SCORE, DEFAULT_LIMIT);
    }

    public List<ScreenMatch> find(String query, List<Page> pages) {
        String wanted = TextNormalizer.normalize(query);
        if (wanted.isEmpty()) {
            return List.of();
        }
        List<Ranked> found = new ArrayList<>();
        int order = 0;
        for (Page page : pages) {
            for (Line line : page.lines()) {
                Ranked best = bestInLine(query, wanted, page.pageNumber(), line, order++);
                if (best != null && best.match.score() >= minScore) {
                    found.add(best);
                }
            }
        }
        return found.stream()
                .sorted(Comparator.comparingDouble((Ranked r) -> -r.match.score()).thenComparingInt(r -> r.order))
                .limit(limit)
                .map(r -> r.match)
                .toList();
    }

    private Ranked bestInLine(String query, String wanted, int pageNumber, Line line, int order) {
        Ranked best = consider(null, query, wanted, pageNumber, line.text(), line.polygon(), line.confidence(),
                Integer.MAX_VALUE, order);
        List<Word> words = line.words();
        for (int from = 0; from < words.size(); from++) {
            StringBuilder text = new StringBuilder();
            double confidence = 0;
            for (int to = from; to < words.size(); to++) {
                Word w = words.get(to);
                text.append(to == from ? "" : " ").append(w.text());
                confidence += w.confidence();
                int span = to - from + 1;
                best = consider(best, query, wanted, pageNumber, text.toString(),
                        spanPolygon(words.get(from).polygon(), w.polygon()), confidence / span, span, order);
            }
        }
        return best;
    }

    private Ranked consider(Ranked best, String query, String wanted, int pageNumber, String text, Polygon polygon,
                            double confidence, int span, int order) {
        String candidate = TextNormalizer.normalize(text);
        double bound = Similarity.upperBound(wanted.length(), candidate.length());
        if (bound < minScore || (best != null && bound < best.match.score())) {
            return best;
        }
        double score = Similarity.of(wanted, candidate);
        boolean better = best == null || score > best.match.score()
                || (score == best.match.score() && span < best.span);
        if (!better) {
            return best;
        }
        ScreenMatch match = new ScreenMatch(query, text, Math.round(score * 1000) / 1000.0, pageNumber,
                Point.centerOf(polygon), polygon, confidence, null);
        return new Ranked(match, span, order);
    }

    /**
     * The box of a run of words: the first word's left edge to the last word's right edge, which follows tilted
     * text; falls back to the bounding rectangle for polygons that are not four-cornered.
     */
    static Polygon spanPolygon(Polygon first, Polygon last) {
        if (first.equals(last)) {
            return first;
        }
        if (first.size() == 4 && last.size() == 4) {
            return Polygon.of(first.x(0), first.y(0), last.x(1), last.y(1), last.x(2), last.y(2),
                    first.x(3), first.y(3));
        }
        return Polygon.rectangle(Math.min(first.minX(), last.minX()), Math.min(first.minY(), last.minY()),
                Math.max(first.maxX(), last.maxX()), Math.max(first.maxY(), last.maxY()));
    }

    private record Ranked(ScreenMatch match, int span, int order) {
    }
}
