package org.freerpacapture.gateway.routing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Policy documents shared by the tests. */
final class Policies {

    private Policies() {
    }

    /** The example of docs/architecture.md, verbatim. */
    static String architectureExample() {
        try (InputStream in = Policies.class.getResourceAsStream("architecture-example.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A two-variant route "ab" (weights given) sticky by X-Tenant-Id, before the catch-all. */
    static String ab(int v4, int v3) {
        return """
                {
                  "providers": {
                    "onnx:ppocr-v4": {"kind": "onnx", "model": "ppocr-v4"},
                    "onnx:ppocr-v3": {"kind": "onnx", "model": "ppocr-v3"}
                  },
                  "routes": [
                    {"name": "ab", "match": {"task": ["document"]},
                     "variants": [
                       {"name": "v4", "provider": "onnx:ppocr-v4", "weight": %d},
                       {"name": "v3", "provider": "onnx:ppocr-v3", "weight": %d}],
                     "stickyBy": "header:X-Tenant-Id"},
                    {"name": "default", "match": {},
                     "variants": [{"name": "local", "provider": "onnx:ppocr-v4", "weight": 100}]}
                  ]
                }
                """.formatted(v4, v3);
    }
}
