package org.freerpacapture.inference.document;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The formats the decoder reads, how each is recognised from its first bytes, and the media types naming it. */
enum DocumentFormat {
    JPEG("image/jpeg", "jpeg", Set.of("image/jpeg", "image/jpg")),
    PNG("image/png", "png", Set.of("image/png")),
    TIFF("image/tiff", "tiff", Set.of("image/tiff")),
    BMP("image/bmp", "bmp", Set.of("image/bmp", "image/x-ms-bmp")),
    GIF("image/gif", "gif", Set.of("image/gif")),
    WEBP("image/webp", "webp", Set.of("image/webp")),
    PDF("application/pdf", "pdf", Set.of("application/pdf"));

    /** The PDF header may follow some junk; readers (and PDFBox) look for it within the first kilobyte. */
    private static final int PDF_HEADER_WINDOW = 1024;
    private static final byte[] PDF_HEADER = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    private final String mediaType;
    private final String imageIoName;
    private final Set<String> aliases;

    DocumentFormat(String mediaType, String imageIoName, Set<String> aliases) {
        this.mediaType = mediaType;
        this.imageIoName = imageIoName;
        this.aliases = aliases;
    }

    /** The canonical media type, the one a decoded {@code Document} carries. */
    String mediaType() {
        return mediaType;
    }

    /** The ImageIO format name readers are looked up by. */
    String imageIoName() {
        return imageIoName;
    }

    static List<String> supportedMediaTypes() {
        return Arrays.stream(values()).map(DocumentFormat::mediaType).toList();
    }

    /** The format a media type names, ignoring parameters and case ({@code image/JPEG; q=1} is JPEG). */
    static Optional<DocumentFormat> ofMediaType(String declared) {
        if (declared == null) {
            return Optional.empty();
        }
        int semicolon = declared.indexOf(';');
        String bare = (semicolon < 0 ? declared : declared.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.aliases.contains(bare)).findFirst();
    }

    /** The format the bytes are, by their magic number, whatever the caller declared. */
    static Optional<DocumentFormat> sniff(byte[] b) {
        if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        // Classic TIFF (42) and BigTIFF (43), both byte orders.
        if (startsWith(b, 'I', 'I', 42, 0) || startsWith(b, 'M', 'M', 0, 42)
                || startsWith(b, 'I', 'I', 43, 0) || startsWith(b, 'M', 'M', 0, 43)) {
            return Optional.of(TIFF);
        }
        if (startsWith(b, 'G', 'I', 'F', '8', '7', 'a') || startsWith(b, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of(GIF);
        }
        if (startsWith(b, 'R', 'I', 'F', 'F') && b.length >= 12
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return Optional.of(WEBP);
        }
        if (startsWith(b, 'B', 'M') && b.length >= 26) {
            return Optional.of(BMP);
        }
        if (indexOf(b, PDF_HEADER, PDF_HEADER_WINDOW) >= 0) {
            return Optional.of(PDF);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte[] needle, int window) {
        int last = Math.min(bytes.length, window) - needle.length;
        for (int i = 0; i <= last; i++) {
            if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
