package org.freerpacapture.gateway.support;

import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.http.DecoderDocumentReader;
import org.freerpacapture.gateway.http.DocumentReader;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.inference.document.PageSelection;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real decoder, with a gate a test can close to hold reads on the decode pool (to fill it, or to keep a
 * request in flight).
 */
public final class GatedReader implements DocumentReader {

    private final DocumentReader decoder;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch entered = new CountDownLatch(1);

    public GatedReader(DocumentReader decoder) {
        this.decoder = decoder;
    }

    /** The real decoder with the default limits. */
    public static GatedReader real() {
        return new GatedReader(DecoderDocumentReader.of(GatewayConfig.defaults().limits()));
    }

    @Override
    public boolean supports(String mediaType) {
        return decoder.supports(mediaType);
    }

    @Override
    public Document read(byte[] bytes, String mediaType, PageSelection pages) {
        entered.countDown();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return decoder.read(bytes, mediaType, pages);
    }

    /** Makes every read wait until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    /** Waits until some read has started. */
    public boolean awaitEntered() throws InterruptedException {
        return entered.await(10, TimeUnit.SECONDS);
    }
}
