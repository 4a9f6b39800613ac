package org.freerpacapture.inference.ppocr.recognize;

import org.freerpacapture.inference.ppocr.recognize.TextRecognizer.Recognition;
import org.freerpacapture.inference.ppocr.recognize.TextRecognizer.Recognized;
import org.freerpacapture.inference.ppocr.runtime.IdleThreads;
import org.opencv.core.Mat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The recognizer a page is read with, when a model set has two: the first reads the page, the second a sample of
 * its lines, and the second reads the rest only if it was clearly the more confident on the sample. The first
 * reads every line in one pass, batched by width as if it were alone: on the pages it keeps (receipts) the choice
 * costs only the sample's second reading.
 *
 * <p>Each recognizer is surest on the print it learnt from: on office pages the English recognizer reads short
 * words, spaces and digits its multilingual peer drops, while the multilingual one reads receipts' thermal print
 * better; their confidence on a page tells which page is which (docs/decisions.md, "Two recognizers, chosen per
 * page").
 */
public final class RecognizerChoice {
    /** Lines both recognizers read: enough for a stable mean, a small share of a document page's lines. */
    static final int SAMPLE_LINES = 12;
    /**
     * How much surer the second recognizer must be. Below it the model set's own recognizer keeps the page: on
     * receipts the English one is often a little surer and still reads worse.
     */
    static final double MARGIN = 0.02;

    private final TextRecognizer first;
    private final TextRecognizer second;

    /** {@code second} may be null: the model set has one recognizer and every page is read with {@code first}. */
    public RecognizerChoice(TextRecognizer first, TextRecognizer second) {
        this.first = first;
        this.second = second;
    }

    /** The model set's own recognizer, the one the page-turn check reads with. */
    public TextRecognizer first() {
        return first;
    }

    /** Every crop's reading, in the crops' order, by the recognizer chosen for the page. */
    public Recognition recognize(List<Mat> crops, IdleThreads idle) {
        Recognition byFirst = first.recognize(crops, idle);
        if (second == null || crops.isEmpty()) {
            return byFirst;
        }
        List<Integer> sampled = spread(crops.size());
        Recognition bySecond = second.recognize(pick(crops, sampled), idle);
        int batches = byFirst.batches() + bySecond.batches();
        if (meanConfidence(bySecond.lines()) <= meanConfidence(pick(byFirst.lines(), sampled)) + MARGIN) {
            return new Recognition(byFirst.lines(), batches);
        }
        Recognized[] out = byFirst.lines().toArray(Recognized[]::new);
        List<Integer> rest = IntStream.range(0, crops.size()).filter(i -> !sampled.contains(i)).boxed().toList();
        Recognition restRead = second.recognize(pick(crops, rest), idle);
        for (int k = 0; k < sampled.size(); k++) {
            out[sampled.get(k)] = bySecond.lines().get(k);
        }
        for (int k = 0; k < rest.size(); k++) {
            out[rest.get(k)] = restRead.lines().get(k);
        }
        return new Recognition(Arrays.asList(out), batches + restRead.batches());
    }

    private static <T> List<T> pick(List<T> items, List<Integer> indexes) {
        return indexes.stream().map(items::get).toList();
    }

    /**
     * Indexes of {@link #SAMPLE_LINES} lines spread evenly over the page in reading order: a page's mix of long and
     * short lines, words and numbers, as the whole page has it.
     */
    private static List<Integer> spread(int lines) {
        int n = Math.min(lines, SAMPLE_LINES);
        return IntStream.range(0, n).map(k -> (int) ((k + 0.5) * lines / n)).boxed().toList();
    }

    /** Mean confidence weighted by each line's length, so one short stray line cannot sway it. */
    static double meanConfidence(List<Recognized> lines) {
        double sum = 0;
        int chars = 0;
        for (Recognized r : lines) {
            int n = r.decoded().text().strip().length();
            sum += r.decoded().score() * n;
            chars += n;
        }
        return chars == 0 ? 0 : sum / chars;
    }
}
