package org.freerpacapture.gateway.http;

import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.inference.document.DecodeBudget;
import org.freerpacapture.inference.document.DecodeLimits;
import org.freerpacapture.inference.document.DocumentDecoder;
import org.freerpacapture.inference.document.PageSelection;

import java.util.Optional;

/** The production {@link DocumentReader}: the inference module's {@link DocumentDecoder} with the configured limits. */
public final class DecoderDocumentReader implements DocumentReader {

    private final DocumentDecoder decoder;

    public DecoderDocumentReader(DocumentDecoder decoder) {
        this.decoder = decoder;
    }

    public static DecoderDocumentReader of(GatewayConfig.Limits limits) {
        return new DecoderDocumentReader(new DocumentDecoder(new DecodeLimits(limits.maxBytes(),
                limits.maxPixelsPerPage(), limits.maxPages(), limits.pdfDpi(), limits.pdfMaxOperators())));
    }

    @Override
    public boolean supports(String mediaType) {
        return DocumentDecoder.isSupported(mediaType);
    }

    @Override
    public Document read(byte[] bytes, String mediaType, PageSelection pages) {
        return decoder.decode(bytes, mediaType, pages);
    }

    @Override
    public Document read(byte[] bytes, String mediaType, PageSelection pages, DecodeBudget budget) {
        return decoder.decode(bytes, mediaType, pages, budget);
    }

    @Override
    public Optional<Document> readSizes(byte[] bytes, String mediaType, PageSelection pages) {
        return decoder.sizeFromHeader(bytes, mediaType, pages);
    }
}
