package org.freerpacapture.gateway.http;

import java.util.Locale;

/** Media types of uploads: the declared one without parameters, or one sniffed from the first bytes. */
public final class MediaTypes {

    public static final String PDF = "application/pdf";
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

    /** The media type the file signature says, or {@code null} when unknown. */
    public static String sniff(byte[] b) {
        if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(b, 0x89, 'P', 'N', 'G')) {
            return "image/png";
        }
        if (startsWith(b, '%', 'P', 'D', 'F')) {
            return PDF;
        }
        if (startsWith(b, 'I', 'I', 0x2A, 0x00) || startsWith(b, 'M', 'M', 0x00, 0x2A)) {
            return "image/tiff";
        }
        if (startsWith(b, 'R', 'I', 'F', 'F') && b.length >= 12 && b[8] == 'W' && b[9] == 'E' && b[10] == 'B'
                && b[11] == 'P') {
            return "image/webp";
        }
        if (startsWith(b, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        if (startsWith(b, 'B', 'M')) {
            return "image/bmp";
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int... signature) {
        if (bytes.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((bytes[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
