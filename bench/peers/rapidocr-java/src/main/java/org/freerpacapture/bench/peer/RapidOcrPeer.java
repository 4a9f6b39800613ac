package org.freerpacapture.bench.peer;

import com.benjaminwan.ocrlibrary.OcrResult;
import com.benjaminwan.ocrlibrary.Point;
import com.benjaminwan.ocrlibrary.TextBlock;
import io.github.mymonstercat.Model;
import io.github.mymonstercat.ocr.InferenceEngine;
import io.github.mymonstercat.ocr.config.HardwareConfig;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * RapidOcr-Java (JNI over RapidOcrOnnx, bundled PP-OCRv4 models) driven by the benchmark's line protocol.
 *
 * <p>Commands on stdin, one per line:
 * <pre>
 *   warmup &lt;image&gt;               one untimed recognition (loads the native library and models)
 *   run &lt;concurrency&gt; &lt;listfile&gt;   every image path in listfile, pulled from one queue by N threads
 *   quit
 * </pre>
 * Answers on stdout are JSON lines: {@code {"event":"page","image":..,"ms":..,"lines":[{"text":..,"box":[[x,y]x4]}]}}
 * per image and {@code {"event":"done","wall_ms":..}} per run. The engine is a process-wide singleton, so
 * concurrency means N threads calling the one native engine; {@code --serialize} puts a lock around it for a
 * native build that turns out not to be re-entrant.
 */
public final class RapidOcrPeer {

    private final InferenceEngine engine;
    private final ReentrantLock serializer;
    private final PrintStream out;

    private RapidOcrPeer(InferenceEngine engine, boolean serialize, PrintStream out) {
        this.engine = engine;
        this.serializer = serialize ? new ReentrantLock() : null;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        int intraThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2); // the library's own default
        boolean serialize = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--intra-threads" -> intraThreads = Integer.parseInt(args[++i]);
                case "--serialize" -> serialize = true;
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        InferenceEngine engine = InferenceEngine.getInstance(Model.ONNX_PPOCR_V4, new HardwareConfig(intraThreads, -1));
        RapidOcrPeer peer = new RapidOcrPeer(engine, serialize, out);
        peer.emit("{\"event\":\"started\",\"intra_threads\":" + intraThreads + ",\"serialize\":" + serialize + "}");
        peer.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }

    private void serve(BufferedReader in) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split(" ", 3);
            switch (cmd[0]) {
                case "warmup" -> {
                    long t0 = System.nanoTime();
                    recognise(cmd[1]);
                    emit("{\"event\":\"warm\",\"ms\":" + millisSince(t0) + "}");
                }
                case "run" -> run(Integer.parseInt(cmd[1]), Files.readAllLines(Path.of(cmd[2])));
                case "quit" -> {
                    return;
                }
                case "" -> { }
                default -> emit("{\"event\":\"error\",\"message\":" + quote("unknown command " + cmd[0]) + "}");
            }
        }
    }

    private void run(int concurrency, List<String> images) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long t0 = System.nanoTime();
        try {
            List<Future<Void>> workers = new java.util.ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < images.size(); i = next.getAndIncrement()) {
                        String image = images.get(i);
                        long start = System.nanoTime();
                        OcrResult result = recognise(image);
                        double ms = millisSince(start);
                        emit(page(image, ms, result));
                    }
                    return null;
                }));
            }
            for (Future<Void> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdown();
        }
        emit("{\"event\":\"done\",\"concurrency\":" + concurrency + ",\"images\":" + images.size()
                + ",\"wall_ms\":" + millisSince(t0) + "}");
    }

    private OcrResult recognise(String image) {
        if (serializer == null) {
            return engine.runOcr(image);
        }
        serializer.lock();
        try {
            return engine.runOcr(image);
        } finally {
            serializer.unlock();
        }
    }

    private static String page(String image, double ms, OcrResult result) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("{\"event\":\"page\",\"image\":").append(quote(image)).append(",\"ms\":").append(ms).append(",\"lines\":[");
        boolean first = true;
        for (TextBlock block : result.getTextBlocks()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append("{\"text\":").append(quote(block.getText())).append(",\"box\":[");
            List<Point> pts = block.getBoxPoint();
            for (int p = 0; p < pts.size(); p++) {
                if (p > 0) {
                    sb.append(',');
                }
                sb.append('[').append(pts.get(p).getX()).append(',').append(pts.get(p).getY()).append(']');
            }
            sb.append("]}");
        }
        return sb.append("]}").toString();
    }

    private synchronized void emit(String json) {
        out.println(json);
        out.flush();
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
