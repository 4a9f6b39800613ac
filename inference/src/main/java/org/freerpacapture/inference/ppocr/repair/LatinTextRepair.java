package org.freerpacapture.inference.ppocr.repair;

import java.text.Normalizer;

/**
 * Repairs what the Chinese-and-English recognizer gets wrong on Latin text, word by word and character for
 * character (so word boxes stay valid):
 * <ul>
 *   <li>full-width forms ({@code ：（），}) become their ASCII selves when the line has no CJK ideograph, since
 *       a receipt printed in Latin script does not switch to full-width punctuation mid-line;</li>
 *   <li>in a word that is clearly a word, {@code 0} is the letter O ({@code INV0ICE} → {@code INVOICE}); in one
 *       that is clearly a number, {@code O} is the digit 0 ({@code 1O.50} → {@code 10.50}). A word counts as one
 *       or the other only when its letters outnumber its digits two to one or the reverse, so codes such as
 *       {@code T0049} or {@code A1} are left alone.</li>
 * </ul>
 */
public final class LatinTextRepair {
    private LatinTextRepair() {
    }

    /** Whether the line holds any CJK ideograph; such lines keep their full-width punctuation. */
    public static boolean hasIdeograph(CharSequence line) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isIdeographic(line.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    public static String repair(String word, boolean lineHasIdeograph) {
        String s = word;
        if (!lineHasIdeograph) {
            s = foldFullWidth(s);
        }
        return fixRuns(s);
    }

    private static String foldFullWidth(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\uFF01' && c <= '\uFF5E') {
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(i, Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC).charAt(0));
            } else if (c == '\u3001' || c == '\u3002') {
                // The ideographic comma and full stop, read off Latin punctuation.
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(i, c == '\u3001' ? ',' : '.');
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String fixRuns(String s) {
        char[] out = s.toCharArray();
        int letters = 0;
        int digits = 0;
        for (char c : out) {
            if (c >= '0' && c <= '9') digits++;
            else if (isAsciiLetter(c)) letters++;
        }
        // The whole word is judged, punctuation included in it, so "1O.50" is one number.
        if (letters >= 2 * digits && digits > 0 && letters >= 2) {
            replace(out, 0, out.length, '0', 'O');
        } else if (digits >= 2 * letters && letters > 0 && digits >= 2) {
            replace(out, 0, out.length, 'O', '0');
            replace(out, 0, out.length, 'o', '0');
        }
        return new String(out);
    }

    private static void replace(char[] s, int from, int to, char wrong, char right) {
        for (int k = from; k < to; k++) {
            if (s[k] == wrong) {
                s[k] = right;
            }
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
