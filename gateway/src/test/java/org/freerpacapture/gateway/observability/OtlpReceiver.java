package org.freerpacapture.gateway.observability;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP trace receiver on loopback: accepts {@code POST /v1/traces} with {@code application/x-protobuf}
 * bodies, answers 200 with an empty {@code ExportTraceServiceResponse}, and keeps every body. Spans are checked in
 * the raw protobuf: span names are length-prefixed UTF-8 and trace ids 16 raw bytes, both findable as they are.
 */
final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<byte[]> exports = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                if ("POST".equals(exchange.getRequestMethod())) {
                    exports.add(in.readAllBytes());
                    contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** What {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set to. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> contentTypes() {
        return contentTypes;
    }

    /** All bodies received so far, concatenated. */
    byte[] received() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        exports.forEach(all::writeBytes);
        return all.toByteArray();
    }

    boolean hasSpanNamed(String name) {
        // A span's name is field 5 (tag 0x2A), then its length, then the bytes.
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        byte[] field = new byte[utf8.length + 2];
        field[0] = 0x2A;
        field[1] = (byte) utf8.length;
        System.arraycopy(utf8, 0, field, 2, utf8.length);
        return indexOf(received(), field) >= 0;
    }

    boolean hasTraceId(String hex) {
        return indexOf(received(), HexFormat.of().parseHex(hex)) >= 0;
    }

    boolean contains(String text) {
        return indexOf(received(), text.getBytes(StandardCharsets.UTF_8)) >= 0;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
