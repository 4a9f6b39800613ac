package org.freerpacapture.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A plain socket to a loopback port, for what an HTTP client library will not send: heads a byte at a time, bodies
 * shorter than they announce, chunked bodies without end, requests that are not HTTP.
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public RawHttp(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(15_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    public RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * Sends {@code bytes} on a new connection and reads one answer within {@code timeout}. A gateway may answer and
     * close before it has read a body it refuses: the answer is read even when sending failed.
     */
    public static Response exchange(int port, byte[] bytes, Duration timeout) throws IOException {
        try (RawHttp raw = new RawHttp(port)) {
            raw.socket.setSoTimeout((int) timeout.toMillis());
            try {
                raw.send(bytes);
            } catch (IOException refusedMidway) {
                // read what was answered
            }
            return raw.read();
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer within " + timeout.toMillis() + " ms", e);
        }
    }

    /** A request with {@code Content-Length} from the body (none without one) that closes its connection after. */
    public static byte[] request(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        return concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body == null ? new byte[0] : body);
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Sends {@code text} one byte at a time, {@code pauseMs} apart, until done or the gateway hangs up. */
    public boolean trickle(String text, long pauseMs) throws InterruptedException {
        try {
            for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
                out.write(b);
                out.flush();
                Thread.sleep(pauseMs);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads one response: its head, then its body by Content-Length or in chunks. */
    public Response read() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a response head (" + head.size() + " bytes)");
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? chunks()
                : in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
            body.write(in.readNBytes(size));
            in.readNBytes(2);
        }
        in.readNBytes(2);
        return body.toByteArray();
    }

    private int chunkSize() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return Integer.parseInt(line.toString().split(";")[0].trim(), 16);
    }

    /** Whether the gateway closed the connection: reads (and drops) what is left until end of stream. */
    public boolean closedByPeer(int waitMs) throws IOException {
        socket.setSoTimeout(waitMs);
        try {
            while (in.read() >= 0) {
                // an answer not read yet
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One response as read off the wire. */
    public record Response(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }
}
