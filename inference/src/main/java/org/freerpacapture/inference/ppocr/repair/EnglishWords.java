package org.freerpacapture.inference.ppocr.repair;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Ordinary English words ({@code english-words.txt.gz}: the lower-case words of SCOWL's American list as Debian
 * ships it; licence in {@code english-words.NOTICE}; docs/decisions.md): what the receipt vocabulary must not split
 * or join, so that prose keeps its words.
 */
public final class EnglishWords {
    private static final String RESOURCE = "english-words.txt.gz";

    private final Set<String> words;

    EnglishWords(Set<String> words) {
        this.words = Set.copyOf(words);
    }

    /** The bundled list, read once per process. */
    public static EnglishWords bundled() {
        return Bundled.WORDS;
    }

    private static final class Bundled {
        static final EnglishWords WORDS = read();

        private static EnglishWords read() {
            try (InputStream in = EnglishWords.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the inference jar");
                }
                String text = new String(new GZIPInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
                Set<String> words = new HashSet<>();
                text.lines().map(String::strip).filter(w -> !w.isEmpty()).forEach(words::add);
                return new EnglishWords(words);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Whether {@code word}, in any case, is an English word. */
    public boolean contains(String word) {
        return words.contains(word.toLowerCase(Locale.ROOT));
    }
}
