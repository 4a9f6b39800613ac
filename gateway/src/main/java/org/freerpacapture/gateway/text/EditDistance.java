package org.freerpacapture.gateway.text;

/**
 * Levenshtein distance in code points (an emoji or a CJK character outside the BMP counts once), two rows of
 * memory. The one implementation behind shadow agreement and screen matching.
 */
public final class EditDistance {

    private EditDistance() {
    }

    /** Insertions, deletions and substitutions turning {@code a} into {@code b}; null reads as empty. */
    public static int between(String a, String b) {
        int[] x = a == null ? new int[0] : a.codePoints().toArray();
        int[] y = b == null ? new int[0] : b.codePoints().toArray();
        if (x.length == 0 || y.length == 0) {
            return Math.max(x.length, y.length);
        }
        int[] previous = new int[y.length + 1];
        int[] current = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            current[0] = i;
            for (int j = 1; j <= y.length; j++) {
                int substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length];
    }
}
