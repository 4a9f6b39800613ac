package org.freerpacapture.inference.screen;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of interface control {@link ControlDetector} tells apart; toggles and radios count as checkboxes. */
public enum ControlType {
    INPUT, BUTTON, CHECKBOX, DROPDOWN;

    /** The name on the wire: {@code input}, {@code button}, {@code checkbox}, {@code dropdown}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ControlType> parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.wireName().equals(wanted)).findFirst();
    }
}
