package org.freerpacapture.gateway.http;

import java.util.Locale;

/** Media types as callers declare them. */
public final class MediaTypes {

    public static final String OCTET_STREAM = "application/octet-stream";

    private MediaTypes() {
    }

    /** {@code "Image/JPEG; q=1"} → {@code "image/jpeg"}; {@code null} or blank → {@code null}. */
    public static String essence(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String bare = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return bare.isEmpty() ? null : bare.toLowerCase(Locale.ROOT);
    }

    /** Whether a declared type says nothing useful, so the bytes decide. */
    public static boolean isUndeclared(String mediaType) {
        return mediaType == null || OCTET_STREAM.equals(mediaType);
    }
}
