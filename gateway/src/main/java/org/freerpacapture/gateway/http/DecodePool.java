package org.freerpacapture.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.inference.document.DecodeBudget;
import org.freerpacapture.inference.document.PageSelection;
import org.freerpacapture.inference.ppocr.runtime.QueueWait;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The decode stage: a named, bounded worker pool ({@code decode-pool}) in front of a {@link DocumentReader}.
 *
 * <p>At most {@code threads + queue} decodes are admitted at once; past that a request is refused at once with
 * 503 {@code overloaded} instead of waiting in an unbounded queue while its deadline runs out. A decode whose
 * request's budget is spent by the time a thread takes it (deadline passed, caller gone) is dropped without
 * running, and one request's decode runs on one thread: a PDF's pages are read one after the other, never fanned out.
 */
public final class DecodePool implements AutoCloseable {

    public static final String NAME = "decode-pool";
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /**
     * Largest body sized from its header on the calling thread (an event loop): reading the header is a few
     * segment hops, but the truncation check walks the bytes after the first scan, about 0.1 ms for 256 KiB.
     */
    static final int INLINE_MAX_BYTES = 256 * 1024;

    private final WorkerExecutor workers;
    private final DocumentReader reader;
    private final int capacity;
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final QueueWait wait;
    private final int threads;

    public DecodePool(Vertx vertx, DocumentReader reader, int threads, int queue) {
        this.workers = vertx.createSharedWorkerExecutor(NAME, threads);
        this.reader = reader;
        this.capacity = threads + queue;
        this.threads = threads;
        this.wait = new QueueWait(threads);
    }

    public boolean supports(String mediaType) {
        return reader.supports(mediaType);
    }

    /**
     * Decodes on the pool; the future completes on the caller's context with the document and its decode time. A
     * single-page JPEG or PNG is only sized from its header (a small one right here, a larger one on the pool): no
     * pixel is decoded until a local engine asks for it, and cloud providers, sent the caller's bytes, never do.
     * Decoded here, a large scan's pixels (tens of MiB) would wait in the heap for as long as the request waits
     * for an inference thread.
     */
    public Future<Decoded> decode(byte[] bytes, String mediaType, PageSelection pages) {
        return decode(bytes, mediaType, pages, DecodeBudget.unbounded());
    }

    /** As {@link #decode(byte[], String, PageSelection)}, within the request's budget. */
    public Future<Decoded> decode(byte[] bytes, String mediaType, PageSelection pages, DecodeBudget budget) {
        if (bytes != null && bytes.length <= INLINE_MAX_BYTES) {
            long start = System.nanoTime();
            try {
                Optional<Document> sized = reader.readSizes(bytes, mediaType, pages);
                if (sized.isPresent()) {
                    return Future.succeededFuture(new Decoded(sized.get(), (System.nanoTime() - start) / 1e6));
                }
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
        if (admitted.incrementAndGet() > capacity) {
            admitted.decrementAndGet();
            return Future.failedFuture(ApiException.overloaded("the decode queue",
                    wait.retryAfter(capacity - threads + 1)));
        }
        return workers.<Decoded>executeBlocking(() -> {
            if (budget.spent()) {
                throw new ApiException(504, "timeout", "the request's deadline passed while it waited to be decoded");
            }
            running.incrementAndGet();
            try {
                long start = System.nanoTime();
                Document document = reader.readSizes(bytes, mediaType, pages)
                        .orElseGet(() -> reader.read(bytes, mediaType, pages, budget));
                long took = System.nanoTime() - start;
                wait.record(took);
                return new Decoded(document, took / 1e6);
            } finally {
                running.decrementAndGet();
            }
        }, false).andThen(done -> admitted.decrementAndGet());
    }

    /** Decodes running on a thread now (not waiting for one). */
    public int running() {
        return running.get();
    }

    /** Decodes admitted and not yet finished. */
    public int inFlight() {
        return admitted.get();
    }

    @Override
    public void close() {
        workers.close();
    }

    /** A decoded document and how long decoding took. */
    public record Decoded(Document document, double decodeMs) {
    }
}
