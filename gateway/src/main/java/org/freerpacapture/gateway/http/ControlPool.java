package org.freerpacapture.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.freerpacapture.gateway.screen.ScreenControl;
import org.freerpacapture.inference.screen.Control;
import org.freerpacapture.inference.screen.ControlDetector;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The control stage of screens: a named, bounded worker pool ({@code control-pool}) running {@link ControlDetector}
 * on each page's pixels, with the words the provider read as its hint. It works on pixels, so it serves every
 * provider's result alike; it runs after reading because the words tell glyphs, buttons and inputs apart.
 *
 * <p>At most {@code threads + queue} detections are admitted at once; past that a request is refused at once with
 * 503 {@code overloaded}, like the decode stage.
 */
public final class ControlPool implements AutoCloseable {

    public static final String NAME = "control-pool";

    private final WorkerExecutor workers;
    private final ControlDetector detector = new ControlDetector();
    private final int capacity;
    private final AtomicInteger admitted = new AtomicInteger();

    public ControlPool(Vertx vertx, int threads, int queue) {
        this.workers = vertx.createSharedWorkerExecutor(NAME, threads);
        this.capacity = threads + queue;
    }

    /** The controls on every page of the document, in page order, then reading order. */
    public Future<List<ScreenControl>> detect(Document document, List<Page> read) {
        if (admitted.incrementAndGet() > capacity) {
            admitted.decrementAndGet();
            return Future.failedFuture(ApiException.overloaded("the control queue", DecodePool.RETRY_AFTER));
        }
        return workers.<List<ScreenControl>>executeBlocking(() -> detectAll(document, read), false)
                .andThen(done -> admitted.decrementAndGet());
    }

    private List<ScreenControl> detectAll(Document document, List<Page> read) {
        List<ScreenControl> out = new ArrayList<>();
        for (PageImage image : document.pages()) {
            List<Word> words = wordsOf(read, image.pageNumber());
            for (Control control : detector.detect(image.image(), words)) {
                out.add(ScreenControl.of(image.pageNumber(), control));
            }
        }
        return List.copyOf(out);
    }

    /** The words read on a page; a line without words counts as one. */
    private static List<Word> wordsOf(List<Page> read, int pageNumber) {
        List<Word> boxes = new ArrayList<>();
        for (Page page : read) {
            if (page.pageNumber() != pageNumber) {
                continue;
            }
            for (Line line : page.lines()) {
                if (line.words().isEmpty()) {
                    boxes.add(new Word(line.text(), line.confidence(), line.polygon()));
                }
                boxes.addAll(line.words());
            }
        }
        return boxes;
    }

    @Override
    public void close() {
        workers.close();
    }
}
