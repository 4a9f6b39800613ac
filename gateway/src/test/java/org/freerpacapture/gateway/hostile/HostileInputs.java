package org.freerpacapture.gateway.hostile;

import io.vertx.core.json.JsonObject;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.RawHttp;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.freerpacapture.gateway.hostile.HostileCase.admin;
import static org.freerpacapture.gateway.hostile.HostileCase.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalogue of hostile requests, by what they attack. Each names the answer a careful gateway gives; none may
 * get a 500, hang, or stop the gateway from reading the next receipt.
 */
final class HostileInputs {

    static final String DOCS = "/v1/documents/analyze";
    static final String SCREENS = "/v1/screens/analyze";
    static final String TOKEN = "hostile-suite-token";

    private HostileInputs() {
    }

    static List<HostileCase> all() {
        List<HostileCase> all = new ArrayList<>();
        all.addAll(images());
        all.addAll(pdfs());
        all.addAll(tiffs());
        all.addAll(multipart());
        all.addAll(framing());
        all.addAll(headers());
        all.addAll(queries());
        all.addAll(adminCalls());
        return all;
    }

    static byte[] post(String target, String contentType, byte[] body) {
        return RawHttp.request("POST", target, Map.of("Content-Type", contentType), body);
    }

    static List<HostileCase> images() {
        return List.of(
                api("png declaring 100000 x 100000 pixels", post(DOCS, "image/png", Fixtures.pngDeclaring(100_000,
                        100_000)), 413, "image_too_large"),
                api("png declaring 0 x 0 pixels", post(DOCS, "image/png", Fixtures.pngDeclaring(0, 0)), 400,
                        "undecodable_image"),
                api("png declaring 2^31-1 wide", post(DOCS, "image/png", Fixtures.pngDeclaring(Integer.MAX_VALUE,
                        1)), 413, "image_too_large"),
                api("png header without image data", post(DOCS, "image/png", Fixtures.pngDeclaring(640, 480)), 400,
                        "undecodable_image"),
                api("png with a broken header checksum is read as its pixels say", post(DOCS, "image/png",
                        HostileFiles.pngWithBadCrc()), 200, null),
                api("png cut in half", post(DOCS, "image/png", HostileFiles.truncated(Fixtures.receiptPng(), 0.5)),
                        400, "undecodable_image"),
                api("png deflate bomb within the pixel limit (6000 x 6000 of zeros)",
                        post(DOCS, "image/png", HostileFiles.pngOfZeros(6000, 6000)), 200, null),
                api("png deflate bomb over the pixel limit (20000 x 20000 of zeros)",
                        post(DOCS, "image/png", HostileFiles.pngOfZeros(20_000, 20_000)), 413, "image_too_large"),
                api("png one pixel high and 40000 wide", post(DOCS, "image/png", HostileFiles.png(
                        new BufferedImage(40_000, 1, BufferedImage.TYPE_BYTE_GRAY))), 200, null),
                api("jpeg declaring 65500 x 65500 pixels", post(DOCS, "image/jpeg",
                        HostileFiles.jpegDeclaring(65_500, 65_500)), 413, "image_too_large"),
                api("jpeg frame header and no scan", post(DOCS, "image/jpeg", HostileFiles.jpegDeclaring(800, 600)),
                        400, "undecodable_image"),
                api("jpeg cut in half", post(DOCS, "image/jpeg", HostileFiles.truncated(Fixtures.receiptJpeg(),
                        0.5)), 400, "undecodable_image"),
                api("jpeg start marker alone", post(DOCS, "image/jpeg", new byte[]{(byte) 0xFF, (byte) 0xD8}), 400,
                        "undecodable_image"),
                api("gif with a screen descriptor and nothing else", post(DOCS, "image/gif",
                        "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;"
                        .getBytes(StandardCharsets.ISO_8859_1)), 400, "undecodable_image"),
                api("svg with an external entity", post(DOCS, "image/svg+xml", ("<?xml version=\"1.0\"?><!DOCTYPE s"
                        + " [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg>&x;</svg>").getBytes(
                        StandardCharsets.UTF_8)), 415, "unsupported_media_type"),
                api("random bytes declared as png", post(DOCS, "image/png", noise(4096)), 400,
                        "undecodable_image"),
                api("random bytes without a type", RawHttp.request("POST", DOCS, Map.of(), noise(4096)), 415,
                        "unsupported_media_type"),
                api("empty body", post(DOCS, "image/jpeg", new byte[0]), 400, "empty_body"),
                api("body over the size limit", post(DOCS, "image/jpeg", new byte[21 * 1024 * 1024]), 413,
                        "payload_too_large"));
    }

    static List<HostileCase> pdfs() {
        return List.of(
                api("pdf of 10000 blank pages", post(DOCS, "application/pdf",
                        HostileFiles.pdfOfBlankPages(10_000, PDRectangle.A6)), 413, "too_many_pages"),
                api("pdf page 200 inches square", post(DOCS, "application/pdf",
                        HostileFiles.pdfOfBlankPages(1, new PDRectangle(14_400, 14_400))), 413, "image_too_large"),
                api("pdf with a user password", post(DOCS, "application/pdf", HostileFiles.pdfWithUserPassword()),
                        400, "encrypted_pdf"),
                api("pdf with no pages", post(DOCS, "application/pdf", Fixtures.emptyPdf()), 422, "no_pages"),
                api("pdf header alone", post(DOCS, "application/pdf", "%PDF-1.7\n".getBytes(
                        StandardCharsets.US_ASCII)), 400, "undecodable_pdf"),
                api("pdf whose page tree contains itself", post(DOCS, "application/pdf",
                        HostileFiles.pdfOfLoopedPageTree()), 400, "undecodable_pdf"),
                api("pdf form that draws itself", post(DOCS, "application/pdf", HostileFiles.pdfOfSelfDrawingForm()),
                        200, null),
                api("pdf image declaring 60000 x 60000 pixels", post(DOCS, "application/pdf",
                        HostileFiles.pdfOfHugeImage(60_000)), 422, "pdf_too_complex"),
                api("pdf of forms nested 30 deep, each drawing the next twice", post(DOCS, "application/pdf",
                        HostileFiles.pdfOfNestedForms(30)), 422, "pdf_too_complex"),
                api("pdf page of 4 million path operators in 20 KiB", post(DOCS, "application/pdf",
                        HostileFiles.pdfOfManyOperators(4_000_000)), 422, "pdf_too_complex"),
                api("pdf selecting page 5 of 1", post(DOCS + "?pages=5", "application/pdf", Fixtures.receiptPdf()),
                        422, "no_pages"));
    }

    static List<HostileCase> tiffs() {
        return List.of(
                api("tiff declaring 100000 x 100000 pixels", post(DOCS, "image/tiff",
                        HostileFiles.tiff(1, 100_000, 100_000, 1, false)), 413, "image_too_large"),
                api("tiff of 1000 pages", post(DOCS, "image/tiff", HostileFiles.tiff(1000, 4, 4, 1, false)), 413,
                        "too_many_pages"),
                api("tiff whose page points back at itself is read once", post(DOCS, "image/tiff",
                        HostileFiles.tiff(1, 4, 4, 1, true)), 200, null),
                api("tiff strips beyond the end of the file", post(DOCS, "image/tiff",
                        HostileFiles.tiff(1, 4000, 4000, 1, false)), 400, "undecodable_image"),
                api("tiff with an unknown compression", post(DOCS, "image/tiff",
                        HostileFiles.tiff(1, 4, 4, 65_000, false)), 400, "undecodable_image"),
                api("tiff header alone", post(DOCS, "image/tiff", new byte[]{'I', 'I', 42, 0, 8, 0, 0, 0}), 422,
                        "no_pages"));
    }

    static List<HostileCase> multipart() {
        return List.of(
                api("multipart without a file part", multipartBody("note", null, "hello".getBytes(
                        StandardCharsets.UTF_8)), 400, "missing_file"),
                api("multipart file part of an unsupported type", multipartBody("file", "text/plain",
                        "hello".getBytes(StandardCharsets.UTF_8)), 415, "unsupported_media_type"),
                api("multipart without a boundary parameter", post(DOCS, "multipart/form-data",
                        "--x\r\n\r\n--x--\r\n".getBytes(StandardCharsets.US_ASCII)), 400, "malformed_multipart"),
                api("multipart with an empty boundary", post(DOCS, "multipart/form-data; boundary=",
                        "--\r\n\r\n----\r\n".getBytes(StandardCharsets.US_ASCII)), 400, "malformed_multipart"),
                api("multipart of 40 parts", post(DOCS, "multipart/form-data; boundary=B", ascii(
                        "--B\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n".repeat(40)
                                + "--B--\r\n")), 413,
                        "too_many_parts"),
                api("multipart field of 9 KiB", post(DOCS, "multipart/form-data; boundary=B", ascii(
                        "--B\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n" + "n".repeat(9 * 1024)
                                + "\r\n--B--\r\n")), 413, "field_too_large"),
                api("multipart file part over the size limit", post(DOCS, "multipart/form-data; boundary=B",
                        RawHttp.concat(ascii("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n"
                                + "Content-Type: image/jpeg\r\n\r\n"), new byte[21 * 1024 * 1024])), 413,
                        "payload_too_large"),
                api("multipart without its closing boundary", post(DOCS, "multipart/form-data; boundary=B", ascii(
                        "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n"
                                + "Content-Type: image/jpeg\r\n\r\nabc")), 400, null));
    }

    /** How the requests themselves are framed: bodies that never end, heads that never end, lies about lengths. */
    static List<HostileCase> framing() {
        String head = "POST " + DOCS + " HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\n";
        return List.of(
                api("headers that never end", ascii("POST " + DOCS + " HTTP/1.1\r\nHost: x\r\nX-Slow: a"), 408,
                        "request_timeout").answeredWithin(Duration.ofSeconds(8)),
                api("content length longer than the body", ascii(head + "Content-Length: 5000\r\n\r\nabc"), 408,
                        "request_timeout").answeredWithin(Duration.ofSeconds(8)),
                api("chunked body without its last chunk", ascii(head + "Transfer-Encoding: chunked\r\n\r\n"
                        + "3\r\nabc\r\n"), 408, "request_timeout").answeredWithin(Duration.ofSeconds(8)),
                api("two different content lengths", ascii(head + "Content-Length: 5\r\nContent-Length: 7\r\n"
                        + "Connection: close\r\n\r\n0123456"), 400, null),
                api("bytes that are not http", ascii("\u0016\u0003\u0001\u0002\u0000hello\r\n\r\n"), 400,
                        "malformed_request"),
                api("http/1.1 without a host", ascii("GET /health/live HTTP/1.1\r\nConnection: close\r\n\r\n"), 400,
                        "invalid_host"),
                api("host that is an ipv6 address without brackets", ascii("POST " + DOCS + " HTTP/1.1\r\nHost: ::1\r\n"
                        + "Content-Type: image/jpeg\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc"), 400,
                        "invalid_host").and(r -> assertTrue(r.body().contains("[::1]"), r.body())),
                api("request line of 20000 characters", RawHttp.request("GET", DOCS + "?find=" + "q".repeat(20_000),
                        Map.of(), null), 414, "uri_too_long"),
                api("request id of 10000 characters", RawHttp.request("POST", DOCS, Map.of("Content-Type",
                        "image/jpeg", "X-Request-Id", "r".repeat(10_000)), new byte[]{1}), 431, "headers_too_large"));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] multipartBody(String part, String type, byte[] content) {
        String head = "--B\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"f\"\r\n"
                + (type == null ? "" : "Content-Type: " + type + "\r\n") + "\r\n";
        byte[] body = RawHttp.concat(RawHttp.concat(head.getBytes(StandardCharsets.US_ASCII), content),
                "\r\n--B--\r\n".getBytes(StandardCharsets.US_ASCII));
        return post(DOCS, "multipart/form-data; boundary=B", body);
    }

    static List<HostileCase> headers() {
        byte[] receipt = Fixtures.receiptJpeg();
        return List.of(
                api("request id of 1000 characters is replaced", RawHttp.request("POST", DOCS, headers(
                        "Content-Type", "image/jpeg", "X-Request-Id", "r".repeat(1000)), receipt), 200, null)
                        .and(r -> assertTrue(r.header("X-Request-Id").length() <= 64, r.header("X-Request-Id"))),
                api("request id with spaces and quotes is replaced", RawHttp.request("POST", DOCS, headers(
                        "Content-Type", "image/jpeg", "X-Request-Id", "a\" b<script>"), receipt), 200, null)
                        .and(r -> assertNotEquals("a\" b<script>", r.header("X-Request-Id"))),
                api("malformed traceparent is ignored", RawHttp.request("POST", DOCS, headers(
                        "Content-Type", "image/jpeg", "traceparent", "00-zz-yy-01"), receipt), 200, null),
                api("long X-Region behind a forged X-Forwarded-For is served as usual", RawHttp.request("POST",
                        DOCS, headers("Content-Type", "image/jpeg", "X-Region", "eu-west;" + "r".repeat(1000),
                                "X-Forwarded-For", "127.0.0.1"), receipt), 200, null)
                        .and(r -> assertEquals("default", r.header("X-Route"))),
                api("content type with a 4000 character parameter", RawHttp.request("POST", DOCS, headers(
                        "Content-Type", "image/jpeg; x=" + "a".repeat(4000)), receipt), 200, null),
                api("path climbing out of the api", RawHttp.request("GET", "/v1/documents/../../../etc/passwd",
                        Map.of(), null), 404, "not_found"),
                api("path with an encoded NUL", RawHttp.request("GET", "/v1/documents/analyze%00.json", Map.of(),
                        null), 404, "not_found"),
                api("unknown method", RawHttp.request("BREW", DOCS, Map.of(), null), 405, "method_not_allowed"),
                api("GET on the analyze endpoint", RawHttp.request("GET", DOCS, Map.of(), null), 405,
                        "method_not_allowed"));
    }

    static List<HostileCase> queries() {
        byte[] receipt = Fixtures.receiptJpeg();
        return List.of(
                api("pages not a number", post(DOCS + "?pages=abc", "image/jpeg", receipt), 400, "invalid_pages"),
                api("pages zero", post(DOCS + "?pages=0", "image/jpeg", receipt), 400, "invalid_pages"),
                api("pages past a long's range", post(DOCS + "?pages=99999999999999999999999", "image/jpeg",
                        receipt), 400, "invalid_pages"),
                api("pages range backwards", post(DOCS + "?pages=5-2", "image/jpeg", receipt), 400,
                        "invalid_pages"),
                api("unknown feature", post(DOCS + "?features=tables,telepathy", "image/jpeg", receipt), 400,
                        "unknown_feature"),
                api("negative limit", post(SCREENS + "?find=TOTAL&limit=-5", "image/jpeg", receipt), 400,
                        "invalid_parameter"),
                api("minScore not a number", post(SCREENS + "?find=TOTAL&minScore=NaN", "image/jpeg", receipt), 400,
                        "invalid_parameter"),
                api("minScore of 1e999", post(SCREENS + "?find=TOTAL&minScore=1e999", "image/jpeg", receipt), 400,
                        "invalid_parameter"),
                api("unknown target", post(SCREENS + "?find=TOTAL&target=../../etc", "image/jpeg", receipt), 400,
                        "unknown_target"),
                api("query with a broken percent escape", post(DOCS + "?pages=%zz", "image/jpeg", receipt), 400,
                        null));
    }

    static List<HostileCase> adminCalls() {
        byte[] valid = "{\"providers\":{},\"routes\":[]}".getBytes(StandardCharsets.UTF_8);
        return List.of(
                admin("admin without a token", RawHttp.request("GET", "/admin/routing", Map.of(), null), 401,
                        null),
                admin("admin with a wrong token", RawHttp.request("GET", "/admin/routing", Map.of("Authorization",
                        "Bearer " + TOKEN + "x"), null), 401, null),
                admin("policy that is not json", put("{\"providers\": [", "\"1\""), 422, "invalid_policy"),
                admin("policy nested 100000 levels deep", put("[".repeat(100_000) + "]".repeat(100_000), "\"1\""),
                        422, "invalid_policy"),
                admin("policy over the admin body limit", put("{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}",
                        "\"1\""), 413, null),
                admin("policy with a number past a double's range", put("{\"providers\":{\"p\":{\"kind\":\"test\","
                        + "\"confidence\":1e999}},\"routes\":[]}", "\"1\""), 422, "invalid_policy"),
                admin("policy without routes", RawHttp.request("PUT", "/admin/routing", adminHeaders("\"1\""),
                        valid), 422, "invalid_policy"),
                admin("policy with an unknown provider kind", put("{\"providers\":{\"p\":{\"kind\":\"ftp\"}},"
                        + "\"routes\":[{\"name\":\"d\",\"variants\":[{\"name\":\"v\",\"provider\":\"p\",\"weight\":1"
                        + "}]}]}", "\"1\""), 422, "invalid_policy"),
                admin("policy change without If-Match", RawHttp.request("PUT", "/admin/routing",
                        Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"), valid), 428,
                        "precondition_required"),
                admin("canary on a route that does not exist", RawHttp.request("POST", "/admin/routes/%2e%2e/canary",
                        Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"),
                        "{\"variant\":\"x\",\"percent\":5}".getBytes(StandardCharsets.UTF_8)), 404, null),
                refusedProvider("provider key read from /etc/passwd", "file:/etc/passwd",
                        "https://x.cognitiveservices.azure.com"),
                refusedProvider("provider key read from the admin token's variable", "env:GATEWAY_ADMIN_TOKEN",
                        "https://x.cognitiveservices.azure.com"),
                refusedProvider("provider endpoint at the cloud metadata service", "env:AZURE_DI_KEY",
                        "http://169.254.169.254/latest"),
                refusedProvider("provider endpoint with a file scheme", "env:AZURE_DI_KEY", "file:///etc/shadow"),
                admin("policy change with a weak If-Match", put(new String(valid, StandardCharsets.UTF_8),
                        "W/\"1\""), 412, "precondition_failed"),
                admin("stats over a window that is not a duration", RawHttp.request("GET", "/admin/stats?window=-1h",
                        Map.of("Authorization", "Bearer " + TOKEN), null), 400, null));
    }

    /** A policy whose one route reads with an Azure provider of this key and endpoint: refused at its pointer. */
    private static HostileCase refusedProvider(String name, String key, String endpoint) {
        String policy = "{\"providers\":{\"az\":{\"kind\":\"azure-di\",\"endpoint\":\"" + endpoint + "\",\"key\":\""
                + key + "\"}},\"routes\":[{\"name\":\"default\",\"match\":{},\"variants\":[{\"name\":\"v\","
                + "\"provider\":\"az\",\"weight\":1}]}]}";
        return admin(name, put(policy, "\"1\""), 422, "invalid_policy");
    }

    private static byte[] put(String policy, String ifMatch) {
        return RawHttp.request("PUT", "/admin/routing", adminHeaders(ifMatch),
                policy.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> adminHeaders(String ifMatch) {
        return headers("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json", "If-Match", ifMatch);
    }

    private static Map<String, String> headers(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    private static byte[] noise(int n) {
        byte[] bytes = new byte[n];
        new java.util.Random(n).nextBytes(bytes);
        return bytes;
    }

    /** Every error answer has the JSON error shape with a code and a message that says something. */
    static void assertErrorShape(RawHttp.Response r, String code) {
        String type = r.header("Content-Type");
        assertTrue(type != null && type.startsWith("application/json"), "Content-Type " + type + ": " + r.body());
        var error = new JsonObject(r.body()).getJsonObject("error");
        assertTrue(error != null && !error.getString("message", "").isBlank(), r.body());
        if (code != null) {
            assertEquals(code, error.getString("code"), r.body());
        }
    }
}
