package org.freerpacapture.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.hostile.HostilePdfs;
import org.freerpacapture.inference.document.DecodeBudget;
import org.freerpacapture.inference.document.DocumentException;
import org.freerpacapture.inference.document.PageSelection;
import org.freerpacapture.ocr.Deadline;
import org.freerpacapture.ocr.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decode pool with the production decoder: work whose request is over never starts. */
class DecodeDeadlineTest {

    private final Vertx vertx = Vertx.vertx();
    /** A page budget ten times the default, so counting the bomb holds the one thread for a while. */
    private final ReadLog reads = new ReadLog(DecoderDocumentReader.of(new GatewayConfig.Limits(20 << 20, 40_000_000,
            50, 200, 2_000_000)));
    private final DecodePool pool = new DecodePool(vertx, reads, 1, 4);

    @AfterEach
    void stop() throws Exception {
        pool.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void a_decode_still_queued_when_its_deadline_passes_is_dropped_without_running() throws Exception {
        byte[] bomb = HostilePdfs.nestedForms(12, 4);
        byte[] letter = HostilePdfs.plainPages(2, PDRectangle.LETTER);

        // The one thread counts the bomb's cost; the letter's short deadline passes meanwhile.
        Future<DecodePool.Decoded> first = pool.decode(bomb, "application/pdf", PageSelection.all(),
                DecodeBudget.unbounded());
        Future<DecodePool.Decoded> queued = pool.decode(letter, "application/pdf", PageSelection.all(),
                DecodeBudget.until(Deadline.after(Duration.ofMillis(50)), () -> false));

        Throwable dropped = failure(queued);
        Throwable refused = failure(first);

        ApiException timeout = assertInstanceOf(ApiException.class, dropped);
        assertEquals(504, timeout.status());
        assertEquals("pdf_too_complex", assertInstanceOf(DocumentException.class, refused).code());
        assertEquals(List.of(bomb.length), reads.sizes(), "only the bomb was ever read");
        assertEquals(0, pool.running());
        assertEquals(0, pool.inFlight());
    }

    @Test
    void a_decode_whose_caller_left_while_it_waited_is_dropped_without_running() throws Exception {
        byte[] bomb = HostilePdfs.nestedForms(12, 4);
        AtomicBoolean gone = new AtomicBoolean();
        Future<DecodePool.Decoded> first = pool.decode(bomb, "application/pdf", PageSelection.all(),
                DecodeBudget.unbounded());
        Future<DecodePool.Decoded> queued = pool.decode(HostilePdfs.plainPages(1, PDRectangle.A4), "application/pdf",
                PageSelection.all(), DecodeBudget.until(Deadline.after(Duration.ofMinutes(1)), gone::get));

        gone.set(true);

        assertEquals(504, assertInstanceOf(ApiException.class, failure(queued)).status());
        failure(first);
        assertEquals(List.of(bomb.length), reads.sizes());
    }

    @Test
    void a_decode_running_when_its_caller_leaves_stops() throws Exception {
        AtomicBoolean gone = new AtomicBoolean();
        // Far over any count: only the caller leaving ends it.
        DecoderDocumentReader unlimited = DecoderDocumentReader.of(new GatewayConfig.Limits(20 << 20, 40_000_000,
                50, 200, Long.MAX_VALUE));
        try (DecodePool own = new DecodePool(vertx, unlimited, 1, 0)) {
            Future<DecodePool.Decoded> running = own.decode(HostilePdfs.nestedForms(30, 4), "application/pdf",
                    PageSelection.all(), DecodeBudget.until(Deadline.after(Duration.ofMinutes(1)), gone::get));
            Thread.sleep(300);
            assertEquals(1, own.running());

            long left = System.nanoTime();
            gone.set(true);
            Throwable stopped = failure(running);
            long millis = (System.nanoTime() - left) / 1_000_000;

            assertEquals("timeout", assertInstanceOf(DocumentException.class, stopped).code());
            assertTrue(millis < 500, "stopped " + millis + " ms after the caller left");
            assertEquals(0, own.running());
        }
    }

    private static Throwable failure(Future<?> future) throws Exception {
        try {
            future.await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected a failure, got " + future.result());
    }

    /** The production reader, noting the size of every body it was asked to read. */
    private static final class ReadLog implements DocumentReader {
        private final DocumentReader reader;
        private final List<Integer> sizes = new CopyOnWriteArrayList<>();

        ReadLog(DocumentReader reader) {
            this.reader = reader;
        }

        List<Integer> sizes() {
            return List.copyOf(sizes);
        }

        @Override
        public boolean supports(String mediaType) {
            return reader.supports(mediaType);
        }

        @Override
        public Document read(byte[] bytes, String mediaType, PageSelection pages) {
            return read(bytes, mediaType, pages, DecodeBudget.unbounded());
        }

        @Override
        public Document read(byte[] bytes, String mediaType, PageSelection pages, DecodeBudget budget) {
            sizes.add(bytes.length);
            return reader.read(bytes, mediaType, pages, budget);
        }
    }
}
