package org.freerpacapture.inference.ppocr.recognize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The recognizer's classes: index 0 is the CTC blank, then one token per line of {@code ppocr_keys_v1.txt},
 * then a space ({@code use_space_char}), so the class count is lines + 2.
 */
public final class CtcDictionary {
    static final int BLANK = 0;

    private final String[] tokens;

    private CtcDictionary(String[] tokens) {
        this.tokens = tokens;
    }

    public static CtcDictionary fromKeysFile(byte[] utf8) {
        String text = new String(utf8, StandardCharsets.UTF_8);
        List<String> list = new ArrayList<>();
        list.add("");
        for (String line : text.split("\n", -1)) {
            String token = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (!token.isEmpty()) {
                list.add(token);
            }
        }
        list.add(" ");
        return new CtcDictionary(list.toArray(String[]::new));
    }

    public int size() {
        return tokens.length;
    }

    String token(int index) {
        return tokens[index];
    }

    int spaceIndex() {
        return tokens.length - 1;
    }
}
