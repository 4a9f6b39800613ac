package org.freerpacapture.gateway.support;

import org.freerpacapture.gateway.http.ApiException;
import org.freerpacapture.gateway.http.DocumentReader;
import org.freerpacapture.inference.Document;
import org.freerpacapture.inference.PageImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A small decoder for tests: JPEG and PNG through ImageIO, a PDF as one blank A4-sized page. It can be held on a
 * latch to fill the decode pool.
 */
public final class ImageIoReader implements DocumentReader {

    private static final Set<String> TYPES = Set.of("image/jpeg", "image/png", "application/pdf");

    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch entered = new CountDownLatch(1);

    @Override
    public boolean supports(String mediaType) {
        return TYPES.contains(mediaType);
    }

    @Override
    public Document read(byte[] bytes, String mediaType, String pages) {
        entered.countDown();
        try {
            gate.await(30, TimeUnit.SECONDS);
            BufferedImage image = mediaType.equals("application/pdf")
                    ? new BufferedImage(1654, 2339, BufferedImage.TYPE_INT_RGB)
                    : ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new ApiException(422, "unreadable_document", "not a readable image");
            }
            return new Document(bytes, mediaType, List.of(new PageImage(1, image)));
        } catch (IOException e) {
            throw new ApiException(422, "unreadable_document", "not a readable image");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Makes every read wait until {@link #release()}. */
    public CountDownLatch hold() {
        gate = new CountDownLatch(1);
        return gate;
    }

    public void release() {
        gate.countDown();
    }

    /** Waits until some read has started. */
    public boolean awaitEntered() throws InterruptedException {
        return entered.await(10, TimeUnit.SECONDS);
    }
}
