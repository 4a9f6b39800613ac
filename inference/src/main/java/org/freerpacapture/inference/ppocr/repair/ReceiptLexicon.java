package org.freerpacapture.inference.ppocr.repair;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The vocabulary of receipts ({@code receipt-words.txt}): the words word repair may turn a misread into. */
public final class ReceiptLexicon {
    private static final String RESOURCE = "receipt-words.txt";

    private final Set<String> words;

    ReceiptLexicon(Set<String> words) {
        this.words = words.stream().map(w -> w.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public static ReceiptLexicon bundled() {
        try (InputStream in = ReceiptLexicon.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the inference jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new ReceiptLexicon(text.lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code word} is a receipt word, in any case. */
    boolean contains(String word) {
        return words.contains(word.toUpperCase(Locale.ROOT));
    }
}
