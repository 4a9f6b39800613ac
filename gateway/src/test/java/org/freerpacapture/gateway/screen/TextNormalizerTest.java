package org.freerpacapture.gateway.screen;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TextNormalizerTest {

    @ParameterizedTest(name = "''{0}'' → ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "TOTAL|total",
            "Café  Total|cafetotal",
            "ÉLÈVE naïve|elevenaive",
            "ﬁle|file",            // ligature decomposed by NFKD
            "ＡＢＣ １２|abc12",      // full-width forms
            "a\u00A0b\tc|abc",     // no-break space and tab
            "Total:|total",
            "(Save)|save",
            "Name *|name",
            "RM 9.00|rm9.00",
            "'   '|''"
    })
    void normalizes_to_bare_lower_case(String in, String out) {
        assertEquals(out, TextNormalizer.normalize(in));
    }
}
