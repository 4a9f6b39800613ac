package org.freerpacapture.gateway.screen;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Brings text to the form screen matching compares: compatibility-decomposed (NFKD), accents and other combining
 * marks removed, lower case, no whitespace, and no punctuation at either end. "Café  Total:" and "CAFETOTAL"
 * become the same string. Edge punctuation goes because labels on screens and receipts carry it ("Total:",
 * "Name *", "(Save)") while the caller asks for the word; inner punctuation stays ("9.00", "TA.K").
 */
public final class TextNormalizer {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACE = Pattern.compile("[\\s\\p{Z}]+");
    private static final Pattern EDGE_PUNCTUATION = Pattern.compile("^[\\p{P}\\p{S}]+|[\\p{P}\\p{S}]+$");

    private TextNormalizer() {
    }

    public static String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        String bare = MARKS.matcher(decomposed).replaceAll("");
        String compact = SPACE.matcher(bare.toLowerCase(Locale.ROOT)).replaceAll("");
        return EDGE_PUNCTUATION.matcher(compact).replaceAll("");
    }
}
