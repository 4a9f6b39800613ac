package org.freerpacapture.fakes.documentai;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token endpoint checks assertions as Google's does; the API wants its tokens and speaks google.rpc.Status. */
class DocumentAiFakeProtocolTest {

    private static final String ACCOUNT = "sa@p.iam.gserviceaccount.com";

    private Vertx vertx;
    private ServiceAccountKeys keys;
    private DocumentAiFake fake;
    // HTTP/1.1, as the cloud SDKs speak it: the JDK client's default h2c upgrade of a POST stalls against Vert.x.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        keys = ServiceAccountKeys.generate(ACCOUNT, "p");
        fake = DocumentAiFake.start(vertx, keys).await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private String jwt(ServiceAccountKeys signer, JsonObject claims) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(signer.keys().getPrivate());
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(rsa.sign());
    }

    private JsonObject claims(long iat, long exp) {
        return new JsonObject().put("iss", ACCOUNT).put("aud", fake.tokenUri())
                .put("scope", "https://www.googleapis.com/auth/cloud-platform").put("iat", iat).put("exp", exp);
    }

    private HttpResponse<String> exchange(String assertion) throws Exception {
        String form = "grant_type=" + URLEncoder.encode(JwtBearerGrant.GRANT_TYPE, StandardCharsets.UTF_8)
                + "&assertion=" + assertion;
        return http.send(HttpRequest.newBuilder(URI.create(fake.tokenUri()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> process(String token, JsonObject body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(fake.endpoint()
                                + "/v1/projects/p/locations/us/processors/abc:process"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject pdf(int pages) {
        StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
        for (int i = 0; i < pages; i++) {
            pdf.append("<< /Type /Page >>\n");
        }
        pdf.append("<< /Type /Pages /Count ").append(pages).append(" >>\n");
        return new JsonObject().put("rawDocument", new JsonObject().put("mimeType", "application/pdf")
                .put("content", Base64.getEncoder().encodeToString(pdf.toString().getBytes(StandardCharsets.US_ASCII))));
    }

    private String token() throws Exception {
        long now = Instant.now().getEpochSecond();
        return new JsonObject(exchange(jwt(keys, claims(now, now + 3600))).body()).getString("access_token");
    }

    @Test
    void a_signed_assertion_is_exchanged_for_a_bearer_token() throws Exception {
        long now = Instant.now().getEpochSecond();

        HttpResponse<String> response = exchange(jwt(keys, claims(now, now + 3600)));

        assertEquals(200, response.statusCode());
        JsonObject token = new JsonObject(response.body());
        assertEquals("Bearer", token.getString("token_type"));
        assertEquals(3600, token.getInteger("expires_in"));
        assertTrue(token.getString("access_token").startsWith("ya29."));
    }

    @Test
    void assertions_with_a_foreign_signature_a_long_life_or_the_wrong_audience_are_invalid_grants() throws Exception {
        long now = Instant.now().getEpochSecond();
        ServiceAccountKeys stranger = ServiceAccountKeys.generate(ACCOUNT, "p");

        for (String assertion : new String[]{
                jwt(stranger, claims(now, now + 3600)),
                jwt(keys, claims(now, now + 7200)),
                jwt(keys, claims(now - 7200, now - 3600)),
                jwt(keys, claims(now, now + 3600).put("aud", "https://oauth2.googleapis.com/token")),
                "not-a-jwt"}) {
            HttpResponse<String> response = exchange(assertion);
            assertEquals(400, response.statusCode(), response.body());
            assertEquals("invalid_grant", new JsonObject(response.body()).getString("error"));
        }
    }

    @Test
    void process_without_a_token_it_issued_is_unauthenticated() throws Exception {
        HttpResponse<String> response = process("made-up", pdf(1));

        assertEquals(401, response.statusCode());
        JsonObject error = new JsonObject(response.body()).getJsonObject("error");
        assertEquals(401, error.getInteger("code"));
        assertEquals("UNAUTHENTICATED", error.getString("status"));
    }

    @Test
    void a_pdf_gets_one_page_per_page_object_with_text_anchors_into_one_text() throws Exception {
        JsonObject document = new JsonObject(process(token(), pdf(3)).body()).getJsonObject("document");

        assertEquals(3, document.getJsonArray("pages").size());
        JsonObject page2 = document.getJsonArray("pages").getJsonObject(1);
        assertEquals(2, page2.getInteger("pageNumber"));
        assertEquals("pixels", page2.getJsonObject("dimension").getString("unit"));
        JsonObject segment = page2.getJsonArray("lines").getJsonObject(0).getJsonObject("layout")
                .getJsonObject("textAnchor").getJsonArray("textSegments").getJsonObject(0);
        int start = Integer.parseInt(segment.getString("startIndex"));
        int end = Integer.parseInt(segment.getString("endIndex"));
        assertEquals("ACME HARDWARE STORE\n", document.getString("text").substring(start, end));
        // int64 as strings, and the very first segment of the document has no startIndex (it is 0).
        JsonObject first = document.getJsonArray("pages").getJsonObject(0).getJsonArray("tokens").getJsonObject(0)
                .getJsonObject("layout").getJsonObject("textAnchor").getJsonArray("textSegments").getJsonObject(0);
        assertTrue(!first.containsKey("startIndex"));
    }

    @Test
    void more_pages_than_online_processing_allows_is_an_invalid_argument() throws Exception {
        HttpResponse<String> response = process(token(), pdf(16));

        assertEquals(400, response.statusCode());
        assertEquals("INVALID_ARGUMENT", new JsonObject(response.body()).getJsonObject("error").getString("status"));
    }

    @Test
    void throttling_faults_answer_429_resource_exhausted() throws Exception {
        String token = token();
        fake.faults().throttleNext(1, java.time.Duration.ofSeconds(3));

        HttpResponse<String> response = process(token, pdf(1));

        assertEquals(429, response.statusCode());
        assertEquals("3", response.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("RESOURCE_EXHAUSTED", new JsonObject(response.body()).getJsonObject("error").getString("status"));
        assertEquals(200, process(token, pdf(1)).statusCode());
    }
}
