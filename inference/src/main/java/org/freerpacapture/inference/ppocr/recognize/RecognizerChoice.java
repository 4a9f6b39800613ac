package org.freerpacapture.inference.ppocr.recognize;

import org.freerpacapture.inference.ppocr.recognize.TextRecognizer.Recognition;
import org.freerpacapture.inference.ppocr.recognize.TextRecognizer.Recognized;
import org.freerpacapture.inference.ppocr.runtime.IdleThreads;
import org.opencv.core.Mat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The recognizer a page is read with, when a model set has two: both read a sample of the page's lines, and the
 * second reads the rest only if it was clearly the more confident there. The lines the winner read are not read
 * again.
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
        if (second == null || crops.isEmpty()) {
            return first.recognize(crops, idle);
        }
        if (crops.size() <= SAMPLE_LINES) {
            return sureOfTwo(crops, idle);
        }
        List<Integer> sampled = spread(crops.size());
        List<Mat> sample = sampled.stream().map(crops::get).toList();
        Recognition byFirst = first.recognize(sample, idle);
        Recognition bySecond = second.recognize(sample, idle);
        boolean secondWins = meanConfidence(bySecond) > meanConfidence(byFirst) + MARGIN;
        Recognition known = secondWins ? bySecond : byFirst;
        List<Integer> rest = IntStream.range(0, crops.size()).filter(i -> !sampled.contains(i)).boxed().toList();
        Recognition restRead = (secondWins ? second : first).recognize(rest.stream().map(crops::get).toList(), idle);
        Recognized[] out = new Recognized[crops.size()];
        for (int k = 0; k < sampled.size(); k++) {
            out[sampled.get(k)] = known.lines().get(k);
        }
        for (int k = 0; k < rest.size(); k++) {
            out[rest.get(k)] = restRead.lines().get(k);
        }
        return new Recognition(Arrays.asList(out), byFirst.batches() + bySecond.batches() + restRead.batches());
    }

    /** A page of a few lines: both read all of it, the surer reading is kept whole. */
    private Recognition sureOfTwo(List<Mat> crops, IdleThreads idle) {
        Recognition byFirst = first.recognize(crops, idle);
        Recognition bySecond = second.recognize(crops, idle);
        Recognition kept = meanConfidence(bySecond) > meanConfidence(byFirst) + MARGIN ? bySecond : byFirst;
        return new Recognition(kept.lines(), byFirst.batches() + bySecond.batches());
    }

    /**
     * Indexes of {@link #SAMPLE_LINES} lines spread evenly over the page in reading order: a page's mix of long and
     * short lines, words and numbers, as the whole page has it.
     */
    private static List<Integer> spread(int lines) {
        return IntStream.range(0, SAMPLE_LINES).map(k -> (int) ((k + 0.5) * lines / SAMPLE_LINES)).boxed().toList();
    }

    /** Mean confidence weighted by each line's length, so one short stray line cannot sway it. */
    static double meanConfidence(Recognition recognition) {
        double sum = 0;
        int chars = 0;
        for (Recognized r : recognition.lines()) {
            int n = r.decoded().text().strip().length();
            sum += r.decoded().score() * n;
            chars += n;
        }
        return chars == 0 ? 0 : sum / chars;
    }
}
