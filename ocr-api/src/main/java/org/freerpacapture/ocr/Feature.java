package org.freerpacapture.ocr;

import java.util.Locale;
import java.util.Optional;

/** Extra analysis a caller may ask of providers that offer it ({@code ?features=forms,tables}). */
public enum Feature {
    FORMS, TABLES;

    public static Optional<Feature> parse(String name) {
        for (Feature f : values()) {
            if (f.name().equalsIgnoreCase(name.trim())) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
