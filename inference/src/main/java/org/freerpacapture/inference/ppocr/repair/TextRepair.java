package org.freerpacapture.inference.ppocr.repair;

import org.freerpacapture.inference.ppocr.recognize.CtcDecoder;

import java.util.List;
import java.util.Locale;

/**
 * How the words of a recognized line are repaired before they are returned: chosen per provider (the routing
 * policy's {@code textRepair} setting of an {@code onnx} provider), never applied to screenshots.
 *
 * <p>A repair works on glyphs, not strings, so that every word keeps the boxes of its own characters.
 */
public interface TextRepair {

    /** Words stay as the recognizer read them. */
    TextRepair NONE = new TextRepair() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public List<List<CtcDecoder.Glyph>> repair(List<CtcDecoder.Glyph> word, List<Integer> gaps) {
            return List.of(word);
        }

        @Override
        public boolean joins(List<CtcDecoder.Glyph> left, List<CtcDecoder.Glyph> right) {
            return false;
        }

        @Override
        public String toString() {
            return name();
        }
    };

    /** The names a policy may give: {@code receipts} (the default for documents) and {@code none}. */
    List<String> NAMES = List.of("receipts", "none");

    /** The repair a policy names; an unknown name is refused with the names that exist. */
    static TextRepair named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "receipts" -> ReceiptRepair.bundled();
            case "none" -> NONE;
            default -> throw new IllegalArgumentException(
                    "unknown textRepair '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        };
    }

    /** As a policy names it. */
    String name();

    /**
     * The word repaired: one word, or several when it was words run together.
     *
     * @param gaps the blank before each glyph of the word, in crop pixels (the first one's is not used)
     */
    List<List<CtcDecoder.Glyph>> repair(List<CtcDecoder.Glyph> word, List<Integer> gaps);

    /** Whether a space the ink suggested between two words is none, so that they are one word. */
    boolean joins(List<CtcDecoder.Glyph> left, List<CtcDecoder.Glyph> right);
}
