package org.freerpacapture.gateway.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.ocr.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestEnvelopeTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX = 1024 * 1024;

    @Test
    void the_examples_in_the_docs_match_the_schema_and_parse() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(ROOT.resolve("docs/schemas/kafka-request.schema.json")));
        String page = Files.readString(ROOT.resolve("docs/kafka.md"));
        String data = Base64.getEncoder().encodeToString(Fixtures.receiptJpeg());
        List<JsonNode> examples = new ArrayList<>();
        Matcher blocks = Pattern.compile("```json\\n(\\{\"requestId\".*?)```", Pattern.DOTALL).matcher(page);
        while (blocks.find()) {
            ObjectNode example = (ObjectNode) JSON.readTree(blocks.group(1));
            example.put("data", data); // the docs shorten it
            examples.add(example);
        }
        assertTrue(examples.size() >= 2, "docs/kafka.md shows request envelopes");
        for (JsonNode example : examples) {
            assertEquals(List.of(), schema.validate(example).stream().map(Object::toString).toList(),
                    example.get("requestId").asText());
            RequestEnvelope parsed = RequestEnvelope.parse(JSON.writeValueAsBytes(example), 20 * MAX);
            assertEquals(example.get("requestId").asText(), parsed.requestId());
        }
    }

    @Test
    void an_envelope_gives_the_query_headers_and_document_http_would() throws Exception {
        RequestEnvelope e = RequestEnvelope.parse(("{\"requestId\": \"s-1\", \"task\": \"screen\", \"contentType\":"
                + " \"image/png\", \"data\": \"aGVsbG8=\", \"find\": [\"Submit\", \"Cancel\"], \"target\": \"button\","
                + " \"limit\": 3, \"headers\": {\"X-Tenant-Id\": \"acme\"}, \"replyTo\": \"bot-7.results\","
                + " \"somethingNew\": true}").getBytes(StandardCharsets.UTF_8), MAX);
        assertEquals(Task.SCREEN, e.task());
        assertEquals("hello", new String(e.data(), StandardCharsets.UTF_8));
        assertEquals(List.of("Submit", "Cancel"), e.query().find());
        assertEquals(3, e.query().limit());
        assertTrue(e.query().target().isPresent());
        assertEquals(List.of("acme"), e.headers().get("x-tenant-id"));
        assertEquals("bot-7.results", e.replyTo().orElseThrow());
        assertEquals("default", e.tenant(), "a record that names no tenant");
    }

    @Test
    void a_record_names_the_tenant_it_is_served_for() throws Exception {
        RequestEnvelope e = RequestEnvelope.parse(("{\"requestId\": \"t-1\", \"task\": \"document\","
                + " \"contentType\": \"image/png\", \"data\": \"aGk=\", \"tenant\": \"finance\"}")
                .getBytes(StandardCharsets.UTF_8), MAX);
        assertEquals("finance", e.tenant());
        assertEquals("finance", e.caller().tenant());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"requestId\": \"a b\", \"task\": \"document\"}|400|invalid_field",
        "{\"requestId\": 7, \"task\": \"document\"}|400|missing_field",
        "{\"requestId\": \"x\", \"task\": \"document\", \"contentType\": \"image/png\"}|400|missing_field",
        "{\"requestId\": \"x\", \"task\": \"document\", \"data\": \"aGk=\"}|400|missing_field",
        "{\"requestId\": \"x\", \"task\": \"document\", \"contentType\": \"image/png\", \"data\": \"aGk=\","
            + " \"source\": \"s3://b/k\"}|400|missing_field",
        "{\"requestId\": \"x\", \"task\": \"document\", \"source\": \"ftp://h/k\"}|400|invalid_field",
        "{\"requestId\": \"x\", \"task\": \"document\", \"source\": \"s3://bucket\"}|400|invalid_field",
        "{\"requestId\": \"x\", \"task\": \"document\", \"contentType\": \"image/png\", \"data\": \"aGk=\","
            + " \"pages\": \"3-1\"}|400|invalid_pages",
        "{\"requestId\": \"x\", \"task\": \"screen\", \"contentType\": \"image/png\", \"data\": \"aGk=\","
            + " \"limit\": 1000}|400|invalid_parameter",
        "{\"requestId\": \"x\", \"task\": \"screen\", \"contentType\": \"image/png\", \"data\": \"aGk=\","
            + " \"target\": \"spaceship\"}|400|unknown_target",
        "{\"requestId\": \"x\", \"task\": \"document\", \"contentType\": \"image/png\", \"data\": \"aGk=\","
            + " \"headers\": {\"Bad Name\": \"v\"}}|400|invalid_field",
        "{\"requestId\": \"x\", \"task\": \"document\", \"contentType\": \"image/png\", \"data\": \"aGk=\","
            + " \"headers\": {\"X-A\": 1}}|400|invalid_field",
        "{\"requestId\": \"x\", \"task\": \"document\", \"contentType\": \"image/png\", \"data\": \"aGk=\","
            + " \"replyTo\": \"no spaces\"}|400|invalid_field",
        "{\"requestId\": \"x\", \"task\": \"document\", \"contentType\": \"image/png\", \"data\": \"aGk=\"} trailing"
            + "|400|invalid_envelope",
        "{\"requestId\": \"x\", \"task\": \"document\", \"contentType\": \"image/png\", \"data\": \"aGk=\","
            + " \"find\": [1]}|400|invalid_field",
        "{\"requestId\": \"x\", \"task\": \"document\", \"contentType\": \"image/png\", \"data\": \"aGk=\","
            + " \"tenant\": \"fin ance\"}|400|invalid_field",
    })
    void a_record_that_can_never_be_read_is_refused_with_the_http_code(String value, int status, String code) {
        RequestEnvelope.Refused refused = assertThrows(RequestEnvelope.Refused.class,
                () -> RequestEnvelope.parse(value.getBytes(StandardCharsets.UTF_8), MAX));
        assertEquals(status, refused.status(), refused.getMessage());
        assertEquals(code, refused.code(), refused.getMessage());
        assertTrue(!refused.getMessage().isBlank());
    }

    @Test
    void a_document_over_the_limit_is_refused_before_it_is_decoded() {
        String big = Base64.getEncoder().encodeToString(new byte[4096]);
        RequestEnvelope.Refused refused = assertThrows(RequestEnvelope.Refused.class, () -> RequestEnvelope.parse(
                ("{\"requestId\": \"x\", \"task\": \"document\", \"contentType\": \"image/png\", \"data\": \"" + big
                        + "\"}").getBytes(StandardCharsets.UTF_8), 1000));
        assertEquals(413, refused.status());
        assertEquals("payload_too_large", refused.code());
        assertEquals("x", refused.requestId().orElseThrow());
    }
}
