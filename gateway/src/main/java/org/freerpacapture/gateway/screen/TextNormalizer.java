package org.freerpacapture.gateway.screen;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Brings text to the form screen matching compares: compatibility-decomposed (NFKD), accents and other combining
 * marks removed, lower case, no whitespace. "Café  Total" and "CAFETOTAL" become the same string.
 */
public final class TextNormalizer {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACE = Pattern.compile("[\\s\\p{Z}]+");

    private TextNormalizer() {
    }

    public static String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        String bare = MARKS.matcher(decomposed).replaceAll("");
        return SPACE.matcher(bare.toLowerCase(Locale.ROOT)).replaceAll("");
    }
}
