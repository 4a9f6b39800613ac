package org.freerpacapture.gateway.screen;

/** Normalized Levenshtein similarity: 1 − edits / length of the longer string, in 0..1. */
public final class Similarity {

    private Similarity() {
    }

    /** Similarity of two already normalized strings; two empty strings are not a match (0). */
    public static double of(String a, String b) {
        int longer = Math.max(a.length(), b.length());
        if (longer == 0) {
            return 0;
        }
        return 1.0 - (double) distance(a, b) / longer;
    }

    /**
     * The best similarity two strings of these lengths could reach: a quick bound that lets matching skip
     * candidates far longer or shorter than the query.
     */
    public static double upperBound(int lengthA, int lengthB) {
        int longer = Math.max(lengthA, lengthB);
        return longer == 0 ? 0 : (double) Math.min(lengthA, lengthB) / longer;
    }

    /** Levenshtein distance over UTF-16 units, two rows of memory. */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (ca == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
