package org.freerpacapture.gateway.hostile;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.Vertx;
import org.freerpacapture.gateway.support.GatedReader;
import org.freerpacapture.gateway.support.RawHttp;
import org.freerpacapture.gateway.support.RunningGateway;
import org.freerpacapture.gateway.support.ScriptedProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of intake over a real loopback socket: query, declared type, raw and multipart bodies
 * (boundaries, part headers, part contents) as the fuzzer makes them. Every request gets an answer, never a 500,
 * and every error has the JSON shape. Seeds and findings are in {@code UploadFuzzTestInputs}.
 */
class UploadFuzzTest {

    private static final List<String> PATHS = List.of(HostileInputs.DOCS, HostileInputs.SCREENS);
    private static final List<String> TYPES = List.of("image/jpeg", "image/png", "image/tiff", "application/pdf",
            "multipart/form-data; boundary=", "application/octet-stream", "text/plain");

    private static Vertx vertx;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        gateway = RunningGateway.start(vertx, RunningGateway.loopbackConfig(), new ScriptedProvider(),
                GatedReader.real());
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @FuzzTest(maxDuration = "60s")
    void every_upload_is_answered_without_a_server_error(FuzzedDataProvider data) throws IOException {
        // The fuzzer's request-forgery detector flags every connection; this test's own, to the gateway, are meant
        // (set here: the detector is attached when fuzzing starts, after the class is set up).
        int port = gateway.server.port();
        BugDetectors.allowNetworkConnections((host, to) -> to == port && ("127.0.0.1".equals(host)
                || "localhost".equals(host)));
        String target = data.pickValue(PATHS) + "?" + queryText(data.consumeString(40));
        String type = data.pickValue(TYPES);
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body;
        if (type.startsWith("multipart")) {
            String boundary = headerText(data.consumeString(20));
            headers.put("Content-Type", type + boundary);
            String partHeaders = data.consumeString(120).replace("\n", "\r\n");
            body = ("--" + boundary + "\r\n" + partHeaders + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            body = RawHttp.concat(body, data.consumeBytes(4096));
            if (data.consumeBoolean()) {
                body = RawHttp.concat(body, ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            }
        } else {
            headers.put("Content-Type", type + headerText(data.consumeString(20)));
            body = data.consumeRemainingAsBytes();
        }
        RawHttp.Response r = RawHttp.exchange(port, RawHttp.request("POST", target, headers, body),
                Duration.ofSeconds(10));
        assertTrue(r.status() < 500 || r.status() == 503 || r.status() == 504, r.status() + " " + r.body());
        if (r.status() >= 400) {
            HostileInputs.assertErrorShape(r, null);
        }
    }

    /** Characters allowed in a request line's query, the rest percent-encoded as a client would. */
    private static String queryText(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c > 32 && c < 127 && c != '#' && c != '%') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", (int) c));
            }
        }
        return out.toString();
    }

    /** A header value as a well-behaved client could send it: printable ASCII, no line breaks. */
    private static String headerText(String s) {
        return s.chars().filter(c -> c >= 32 && c < 127).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
    }
}
