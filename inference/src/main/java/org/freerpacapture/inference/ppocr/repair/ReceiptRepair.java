package org.freerpacapture.inference.ppocr.repair;

import org.freerpacapture.inference.ppocr.recognize.CtcDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Repairs a recognized word with the recognizer's own runner-up characters ({@link CtcDecoder.Alternative}):
 * <ul>
 *   <li>a run of letters that is not a receipt word becomes one when swapping one or two of its characters for
 *       runner-ups the recognizer rated at least {@value #MIN_RUNNER_UP} gives a word of the
 *       {@link ReceiptLexicon} ({@code aty} → {@code Qty}, {@code AMOUNI} → {@code AMOUNT}, {@code RH} →
 *       {@code RM}, {@code Tota!} → {@code Total});</li>
 *   <li>in an amount ({@code 15.0C}), a letter becomes the digit the recognizer rated as its runner-up when that
 *       makes the word an amount with two decimals ({@code 15.00}); codes such as {@code 867388-U} are no
 *       amounts and keep their letters;</li>
 *   <li>a run of letters that is two receipt words without the space between them ({@code THANKYOU},
 *       {@code TAXINVOICE}) is split in two, each half with its own characters, so each gets its own box, when
 *       the blank between the halves is the widest in the run (the space the recognizer dropped is still wider
 *       than the spacing of letters; {@code Vegetable} has no such blank and stays whole).</li>
 * </ul>
 * Nothing is invented: every character that changes is one the recognizer itself saw as possible there, in the
 * case of the letters around it, and a word the vocabulary does not know (a name, a code) is left as read. Words
 * of prose ({@link EnglishWords}) are never split ({@code notice} is not {@code not ice}), and two of them in lower
 * case are never joined ({@code me at} is not {@code meat}).
 */
public final class ReceiptRepair implements TextRepair {
    static final float MIN_RUNNER_UP = 0.01f;
    /** A runner-up this likely makes punctuation part of a word ({@code Tota!} is {@code Total} misread). */
    private static final float WORDISH_RUNNER_UP = 0.1f;
    /** Each half of a split is at least this long, so short words ({@code IN}, {@code TO}) never split a word. */
    private static final int MIN_SPLIT_PART = 3;

    /** An amount with two decimals: {@code 15.00}, {@code 1,250.90}. */
    private static final Pattern AMOUNT = Pattern.compile("[-+]?\\d[\\d,]*\\.\\d\\d");
    /**
     * A number left open by its separator: {@code 39.}, {@code 22:}, {@code 5/}; digits and separators only, so a
     * label's colon ({@code NO.5:}, {@code Bill:}) is not one.
     */
    private static final Pattern NUMBER_OPEN = Pattern.compile("[\\d.:/,-]*\\d[.:/]");

    private final ReceiptLexicon lexicon;
    private final EnglishWords english;

    public ReceiptRepair(ReceiptLexicon lexicon) {
        this(lexicon, EnglishWords.bundled());
    }

    /** @param english words of prose: never split, and not joined when both are in lower case */
    public ReceiptRepair(ReceiptLexicon lexicon, EnglishWords english) {
        this.lexicon = lexicon;
        this.english = english;
    }

    /** With the bundled receipt vocabulary, read once per process. */
    public static ReceiptRepair bundled() {
        return Bundled.REPAIR;
    }

    private static final class Bundled {
        static final ReceiptRepair REPAIR = new ReceiptRepair(ReceiptLexicon.bundled(), EnglishWords.bundled());
    }

    @Override
    public String name() {
        return "receipts";
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * The word repaired: one word, or two when it was two receipt words run together.
     *
     * @param gaps the blank before each glyph of the word, in crop pixels (the first one's is not used)
     */
    @Override
    public List<List<CtcDecoder.Glyph>> repair(List<CtcDecoder.Glyph> word, List<Integer> gaps) {
        List<CtcDecoder.Glyph> out = new ArrayList<>(word);
        repairAmount(out);
        int splitAt = -1;
        for (int start = 0; start < out.size(); ) {
            if (!wordish(out.get(start))) {
                start++;
                continue;
            }
            int end = start;
            while (end < out.size() && wordish(out.get(end))) {
                end++;
            }
            String run = text(out, start, end);
            if (end - start >= 2 && !afterDecimalPoint(out, start) && !lexicon.contains(run)) {
                // A word of prose is never two receipt words run together (notice, cannot).
                if (!substitute(out, start, end) && splitAt < 0 && !english.contains(run)) {
                    splitAt = split(out, gaps, start, end);
                }
            }
            start = end;
        }
        if (splitAt < 0) {
            return List.of(out);
        }
        return List.of(out.subList(0, splitAt), out.subList(splitAt, out.size()));
    }

    /**
     * Whether a space the ink suggested between {@code left} and {@code right} is not one: inside a number after
     * its separator ({@code 39. 80}, {@code 22: 52}, {@code 5/ 3/2018}), or inside a receipt word whose halves are
     * not both words ({@code CASHI ER}, {@code SER VER}, {@code PL EASE}; {@code GST NO} stays apart); never two
     * English words in lower case ({@code me at} is not {@code meat}).
     */
    @Override
    public boolean joins(List<CtcDecoder.Glyph> left, List<CtcDecoder.Glyph> right) {
        String a = text(left, 0, left.size());
        String b = text(right, 0, right.size());
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        if (NUMBER_OPEN.matcher(a).matches() && Character.isDigit(b.charAt(0)) && b.charAt(0) < 128) {
            return true;
        }
        int from = a.length();
        while (from > 0 && isAsciiLetter(a.charAt(from - 1))) {
            from--;
        }
        int to = 0;
        while (to < b.length() && isAsciiLetter(b.charAt(to))) {
            to++;
        }
        if (from == a.length() || to == 0) {
            return false;
        }
        String head = a.substring(from);
        String tail = b.substring(0, to);
        boolean prose = english.contains(head) && english.contains(tail) && isLowerCase(head) && isLowerCase(tail);
        return lexicon.contains(head + tail) && !(lexicon.contains(head) && lexicon.contains(tail)) && !prose;
    }

    /** The run follows {@code 9.} or {@code 9,}: it is the decimals of an amount ({@code 35.CC}), not a word. */
    private static boolean afterDecimalPoint(List<CtcDecoder.Glyph> w, int start) {
        return start >= 2 && (w.get(start - 1).token().equals(".") || w.get(start - 1).token().equals(","))
                && isAsciiDigit(w.get(start - 2).token());
    }

    /** Swaps one or two characters of {@code [start, end)} for runner-ups when that gives a receipt word. */
    private boolean substitute(List<CtcDecoder.Glyph> w, int start, int end) {
        char[] chars = text(w, start, end).toCharArray();
        String best = null;
        double bestScore = 0;
        for (int i = start; i < end; i++) {
            for (CtcDecoder.Alternative a : runnerUps(w.get(i))) {
                double si = a.probability() / w.get(i).probability();
                char ci = a.token().charAt(0);
                String one = with(chars, i - start, ci);
                if (si > bestScore && isWord(one)) {
                    best = one;
                    bestScore = si;
                }
                for (int j = i + 1; j < end; j++) {
                    for (CtcDecoder.Alternative b : runnerUps(w.get(j))) {
                        double sj = si * b.probability() / w.get(j).probability();
                        if (sj > bestScore) {
                            char[] two = with(chars, i - start, ci).toCharArray();
                            two[j - start] = b.token().charAt(0);
                            String s = new String(two);
                            if (isWord(s)) {
                                best = s;
                                bestScore = sj;
                            }
                        }
                    }
                }
            }
        }
        if (best == null) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = best.charAt(i - start);
            if (c != w.get(i).token().charAt(0)) {
                w.set(i, w.get(i).as(String.valueOf(inCaseOf(w, start, end, i, c))));
            }
        }
        return true;
    }

    /** Where to split a run of letters into two receipt words, or -1. */
    private int split(List<CtcDecoder.Glyph> w, List<Integer> gaps, int start, int end) {
        String run = text(w, start, end);
        if (!run.chars().allMatch(ReceiptRepair::isAsciiLetter)) {
            return -1;
        }
        int widest = 0;
        for (int i = start + 1; i < end; i++) {
            widest = Math.max(widest, gaps.get(i));
        }
        for (int k = MIN_SPLIT_PART; k <= run.length() - MIN_SPLIT_PART; k++) {
            if (gaps.get(start + k) > 0 && gaps.get(start + k) >= widest
                    && lexicon.contains(run.substring(0, k)) && lexicon.contains(run.substring(k))) {
                return start + k;
            }
        }
        return -1;
    }

    /** In a word that would be an amount but for a letter or two, those letters become their runner-up digits. */
    private static void repairAmount(List<CtcDecoder.Glyph> w) {
        char[] chars = text(w, 0, w.size()).toCharArray();
        if (chars.length != w.size()) {
            return;
        }
        boolean changed = false;
        for (int i = 0; i < w.size(); i++) {
            if (isAsciiLetter(chars[i])) {
                for (CtcDecoder.Alternative a : w.get(i).alternatives()) {
                    if (a.probability() >= MIN_RUNNER_UP && isAsciiDigit(a.token())) {
                        chars[i] = a.token().charAt(0);
                        changed = true;
                        break;
                    }
                }
            }
        }
        if (!changed || !AMOUNT.matcher(new String(chars)).matches()) {
            return;
        }
        for (int i = 0; i < w.size(); i++) {
            if (chars[i] != w.get(i).token().charAt(0)) {
                w.set(i, w.get(i).as(String.valueOf(chars[i])));
            }
        }
    }

    /**
     * {@code c} in the case the word uses around position {@code i}: at the word's start, the case the recognizer
     * gave the runner-up ({@code ltem} → {@code Item}, {@code aty} → {@code Qty}); further in, the case of the
     * letter it replaces, or, for a digit or mark read in place of a letter, the case of the nearest letter
     * ({@code N0} → {@code NO}, {@code Recelpt} → {@code Receipt}, not {@code ReceIpt}).
     */
    private static char inCaseOf(List<CtcDecoder.Glyph> w, int start, int end, int i, char c) {
        if (i == start) {
            return c;
        }
        char original = w.get(i).token().charAt(0);
        if (isAsciiLetter(original)) {
            return Character.isUpperCase(original) ? Character.toUpperCase(c) : Character.toLowerCase(c);
        }
        for (int d = 1; d < end - start; d++) {
            for (int j : new int[]{i - d, i + d}) {
                if (j >= start && j < end && w.get(j).token().length() == 1 && isAsciiLetter(w.get(j).token().charAt(0))) {
                    char near = w.get(j).token().charAt(0);
                    // After a capital at the start of the word, a mixed-case word continues in lower case.
                    boolean upper = Character.isUpperCase(near) && !(j == start && j < i && lowerAfter(w, start, end));
                    return upper ? Character.toUpperCase(c) : Character.toLowerCase(c);
                }
            }
        }
        return c;
    }

    private static boolean lowerAfter(List<CtcDecoder.Glyph> w, int start, int end) {
        for (int j = start + 1; j < end; j++) {
            String t = w.get(j).token();
            if (t.length() == 1 && Character.isLowerCase(t.charAt(0))) {
                return true;
            }
        }
        return false;
    }

    private boolean isWord(String s) {
        return s.chars().allMatch(ReceiptRepair::isAsciiLetter) && lexicon.contains(s);
    }

    private static List<CtcDecoder.Alternative> runnerUps(CtcDecoder.Glyph g) {
        List<CtcDecoder.Alternative> out = new ArrayList<>(g.alternatives().size());
        for (CtcDecoder.Alternative a : g.alternatives()) {
            if (a.probability() >= MIN_RUNNER_UP && a.token().length() == 1 && isAsciiLetter(a.token().charAt(0))) {
                out.add(a);
            }
        }
        return out;
    }

    /** A letter or digit, or punctuation the recognizer nearly read as one. */
    private static boolean wordish(CtcDecoder.Glyph g) {
        if (g.token().length() == 1 && isAsciiLetterOrDigit(g.token().charAt(0))) {
            return true;
        }
        for (CtcDecoder.Alternative a : g.alternatives()) {
            if (a.probability() >= WORDISH_RUNNER_UP && a.token().length() == 1
                    && isAsciiLetterOrDigit(a.token().charAt(0))) {
                return true;
            }
        }
        return false;
    }

    private static String text(List<CtcDecoder.Glyph> w, int start, int end) {
        StringBuilder sb = new StringBuilder();
        for (int i = start; i < end; i++) {
            sb.append(w.get(i).token());
        }
        return sb.toString();
    }

    private static boolean isLowerCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isLowerCase(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String with(char[] chars, int index, char c) {
        char[] copy = chars.clone();
        copy[index] = c;
        return new String(copy);
    }

    private static boolean isAsciiDigit(String token) {
        return token.length() == 1 && token.charAt(0) >= '0' && token.charAt(0) <= '9';
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9');
    }
}
