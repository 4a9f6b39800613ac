package org.freerpacapture.fakes.textract;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake refuses what AWS would refuse, with AWS's error codes, so adapters meet real failure shapes. */
class TextractFakeProtocolTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};

    private Vertx vertx;
    private TextractFake fake;
    // HTTP/1.1, as the cloud SDKs speak it: the JDK client's default h2c upgrade of a POST stalls against Vert.x.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        fake = TextractFake.start(vertx).await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private static String amzDate() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
    }

    private static String authorization(String date, String region) {
        return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + date.substring(0, 8) + "/" + region
                + "/textract/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature="
                + "a".repeat(64);
    }

    private HttpResponse<String> post(String target, String contentType, String authorization, String date,
                                      JsonObject body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.endpoint() + "/"))
                .header("Content-Type", contentType)
                .header("X-Amz-Target", target)
                .header("X-Amz-Date", date)
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String target, JsonObject body) throws Exception {
        String date = amzDate();
        return post(target, "application/x-amz-json-1.1", authorization(date, "us-east-1"), date, body);
    }

    private static JsonObject png() {
        return new JsonObject().put("Document", new JsonObject()
                .put("Bytes", Base64.getEncoder().encodeToString(PNG_MAGIC)));
    }

    private static String type(HttpResponse<String> response) {
        return new JsonObject(response.body()).getString("__type");
    }

    @Test
    void a_well_formed_detect_call_gets_page_line_and_word_blocks_in_json_1_1() throws Exception {
        HttpResponse<String> response = post("Textract.DetectDocumentText", png());

        assertEquals(200, response.statusCode());
        assertEquals("application/x-amz-json-1.1", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
        JsonObject body = new JsonObject(response.body());
        assertEquals(1, body.getJsonObject("DocumentMetadata").getInteger("Pages"));
        assertEquals("1.0", body.getString("DetectDocumentTextModelVersion"));
        var types = body.getJsonArray("Blocks").stream().map(b -> ((JsonObject) b).getString("BlockType")).toList();
        assertEquals("PAGE", types.get(0));
        assertTrue(types.contains("LINE") && types.contains("WORD"));
        assertTrue(!types.contains("KEY_VALUE_SET") && !types.contains("TABLE"), "detection has no forms or tables");
        assertEquals("AKIDEXAMPLE", fake.calls().get(0).accessKeyId());
    }

    @Test
    void analyze_with_forms_and_tables_adds_key_value_sets_and_cells() throws Exception {
        JsonObject body = png().put("FeatureTypes", new io.vertx.core.json.JsonArray().add("FORMS").add("TABLES"));

        JsonObject answer = new JsonObject(post("Textract.AnalyzeDocument", body).body());

        var types = answer.getJsonArray("Blocks").stream().map(b -> ((JsonObject) b).getString("BlockType")).toList();
        assertTrue(types.contains("KEY_VALUE_SET") && types.contains("TABLE") && types.contains("CELL"), types::toString);
        assertEquals("1.0", answer.getString("AnalyzeDocumentModelVersion"));
    }

    @Test
    void analyze_without_feature_types_is_an_invalid_parameter() throws Exception {
        HttpResponse<String> response = post("Textract.AnalyzeDocument", png());

        assertEquals(400, response.statusCode());
        assertEquals("InvalidParameterException", type(response));
    }

    @Test
    void a_missing_document_is_an_invalid_parameter() throws Exception {
        HttpResponse<String> response = post("Textract.DetectDocumentText", new JsonObject());

        assertEquals(400, response.statusCode());
        assertEquals("InvalidParameterException", type(response));
        assertEquals("Request has invalid parameters", new JsonObject(response.body()).getString("Message"));
    }

    @Test
    void an_unsigned_request_is_refused() throws Exception {
        String date = amzDate();
        HttpResponse<String> response = post("Textract.DetectDocumentText", "application/x-amz-json-1.1", null, date,
                png());

        assertEquals(400, response.statusCode());
        assertEquals("MissingAuthenticationTokenException", type(response));
    }

    @Test
    void a_signature_for_another_region_is_refused() throws Exception {
        String date = amzDate();
        HttpResponse<String> response = post("Textract.DetectDocumentText", "application/x-amz-json-1.1",
                authorization(date, "eu-west-1"), date, png());

        assertEquals("InvalidSignatureException", type(response));
    }

    @Test
    void a_malformed_authorization_header_is_an_incomplete_signature() throws Exception {
        String date = amzDate();
        HttpResponse<String> response = post("Textract.DetectDocumentText", "application/x-amz-json-1.1",
                "AWS4-HMAC-SHA256 Credential=nonsense", date, png());

        assertEquals("IncompleteSignatureException", type(response));
    }

    @Test
    void an_unknown_operation_and_a_wrong_content_type_are_refused() throws Exception {
        assertEquals("UnknownOperationException", type(post("Textract.StartDocumentTextDetection", png())));
        String date = amzDate();
        assertEquals("SerializationException", type(post("Textract.DetectDocumentText", "application/json",
                authorization(date, "us-east-1"), date, png())));
    }

    @Test
    void throttling_faults_answer_400_provisioned_throughput_exceeded_then_recover() throws Exception {
        fake.faults().throttleNext(2);

        HttpResponse<String> first = post("Textract.DetectDocumentText", png());
        HttpResponse<String> second = post("Textract.DetectDocumentText", png());
        HttpResponse<String> third = post("Textract.DetectDocumentText", png());

        assertEquals(400, first.statusCode());
        assertEquals("ProvisionedThroughputExceededException", type(first));
        assertEquals("ProvisionedThroughputExceededException", type(second));
        assertEquals(200, third.statusCode());
    }

    @Test
    void calls_in_sequence_on_a_kept_alive_connection_count_as_one_connection_even_after_error_answers()
            throws Exception {
        fake.faults().throttleNext(2);

        for (int i = 0; i < 3; i++) {
            post("Textract.DetectDocumentText", png());
        }

        assertEquals(3, fake.calls().size());
        assertEquals(1, fake.connectionsAccepted(), "the fake keeps the connection after a 400");
    }
}
