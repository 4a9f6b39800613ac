package org.freerpacapture.gateway.screen;

import org.freerpacapture.gateway.text.EditDistance;

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
        return 1.0 - (double) EditDistance.between(a, b) / longer;
    }

    /**
     * The best similarity two strings of these lengths could reach: a quick bound that lets matching skip
     * candidates far longer or shorter than the query.
     */
    public static double upperBound(int lengthA, int lengthB) {
        int longer = Math.max(lengthA, lengthB);
        return longer == 0 ? 0 : (double) Math.min(lengthA, lengthB) / longer;
    }
}
