package org.freerpacapture.adapters.azure;

import java.util.Arrays;
import java.util.Locale;

/** The REST versions this adapter speaks; they differ in the path prefix and in which models exist. */
enum AzureApiVersion {
    /** Document Intelligence v4.0 GA. */
    V2024_11_30("2024-11-30", "documentintelligence"),
    /** Form Recognizer v3.1 GA. */
    V2023_07_31("2023-07-31", "formrecognizer");

    private final String wire;
    private final String pathPrefix;

    AzureApiVersion(String wire, String pathPrefix) {
        this.wire = wire;
        this.pathPrefix = pathPrefix;
    }

    String wire() {
        return wire;
    }

    String pathPrefix() {
        return pathPrefix;
    }

    static AzureApiVersion parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.wire.equals(v)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("apiVersion must be one of "
                        + Arrays.stream(values()).map(AzureApiVersion::wire).toList()));
    }
}
