package org.freerpacapture.inference.document;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of decoding: whatever bytes arrive under whatever declared type, the decoder answers with
 * a document within its limits or a {@link DocumentException} carrying a 4xx status, never anything else. The
 * seeds (one small file of each format) and every input that ever broke this are in
 * {@code DocumentDecoderFuzzTestInputs} and replay in every build; {@code bench/fuzz.sh} runs it for longer.
 */
class DocumentDecoderFuzzTest {

    private static final List<String> TYPES = List.of("image/jpeg", "image/png", "image/tiff", "image/webp",
            "image/bmp", "image/gif", "application/pdf", "application/octet-stream");
    // Small limits keep each run fast; the checks on them are the same code at any size.
    private static final DecodeLimits LIMITS = new DecodeLimits(1 << 20, 4_000_000, 4, 72);
    private static final DocumentDecoder DECODER = new DocumentDecoder(LIMITS);

    @FuzzTest(maxDuration = "60s")
    void decodes_or_refuses_with_a_client_error(FuzzedDataProvider data) {
        String type = data.consumeBoolean() ? data.pickValue(TYPES) : null;
        String pages = data.consumeBoolean() ? data.consumeAsciiString(12) : null;
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            PageSelection selection = pages == null ? PageSelection.all() : PageSelection.parse(pages);
            DECODER.sizeFromHeader(bytes, type, selection);
            var document = DECODER.decode(bytes, type, selection);
            assertTrue(document.pages().size() <= LIMITS.maxPages(), "pages over the limit");
        } catch (DocumentException refused) {
            assertTrue(refused.httpStatus() >= 400 && refused.httpStatus() < 500,
                    refused.httpStatus() + " " + refused.code() + ": " + refused.getMessage());
        }
    }
}
