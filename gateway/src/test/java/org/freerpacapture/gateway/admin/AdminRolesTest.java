package org.freerpacapture.gateway.admin;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.support.ReadyGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Viewers read, operators change, and history and the log name who did; over real HTTP, the file watched live. */
class AdminRolesTest {

    private static final String VIEWER = "viewer-token-7f3a";
    private static final String OPERATOR = "operator-token-91cc";
    private static final String LEGACY = "legacy-admin-token";

    @TempDir
    Path dir;
    private Vertx vertx;
    private ReadyGateway gateway;
    private Path tokensFile;

    @BeforeEach
    void start() throws Exception {
        tokensFile = dir.resolve("admin-tokens.json");
        writeTokens(entry("vera", "viewer", VIEWER), entry("olga", "operator", OPERATOR));
        vertx = Vertx.vertx();
        gateway = ReadyGateway.start(vertx, GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0)
                .withAdminPort(0).withWarmup(false).withAdminToken(LEGACY)
                .withTenancy(GatewayConfig.Tenancy.NONE.withAdminTokensFile(tokensFile)));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void a_viewer_reads_but_every_change_is_forbidden() throws Exception {
        assertEquals(401, call("GET", "/admin/routing", null, null).statusCode());
        assertEquals(401, call("GET", "/admin/routing", "not-a-token", null).statusCode());
        HttpResponse<Buffer> identity = call("GET", AdminApi.IDENTITY, VIEWER, null);
        assertEquals(new JsonObject().put("name", "vera").put("role", "viewer"), identity.bodyAsJsonObject());
        for (String read : new String[]{"/admin/routing", "/admin/routing/history", "/admin/routing/schema",
                "/admin/stats"}) {
            assertEquals(200, call("GET", read, VIEWER, null).statusCode(), read);
        }
        String etag = call("GET", "/admin/routing", VIEWER, null).getHeader("ETag");
        String policy = call("GET", "/admin/routing", VIEWER, null).bodyAsString();
        HttpResponse<Buffer> put = send("PUT", "/admin/routing", VIEWER, policy, etag);
        assertEquals(403, put.statusCode());
        assertEquals("forbidden", put.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertTrue(put.bodyAsJsonObject().getJsonObject("error").getString("message").contains("vera"));
        for (String change : new String[]{"/admin/routes/default/canary", "/admin/routes/default/promote",
                "/admin/routes/default/rollback"}) {
            assertEquals(403, send("POST", change, VIEWER, "{}", null).statusCode(), change);
        }
        assertEquals(etag, call("GET", "/admin/routing", VIEWER, null).getHeader("ETag"), "nothing changed");
    }

    @Test
    void an_operators_change_carries_its_name_into_the_history() throws Exception {
        String etag = call("GET", "/admin/routing", OPERATOR, null).getHeader("ETag");
        String policy = call("GET", "/admin/routing", OPERATOR, null).bodyAsString();
        // A named token's name is who changed it, whatever the caller claims.
        HttpResponse<Buffer> put = request("PUT", "/admin/routing", OPERATOR).putHeader("If-Match", etag)
                .putHeader("X-Admin-Actor", "mallory").putHeader("X-Change-Reason", "re-save")
                .sendBuffer(Buffer.buffer(policy)).await(30, TimeUnit.SECONDS);
        assertEquals(200, put.statusCode(), put.bodyAsString());
        JsonObject last = lastChange();
        assertEquals("olga", last.getString("actor"));
        assertEquals("re-save", last.getString("reason"));

        // GATEWAY_ADMIN_TOKEN stays an operator, its holder named by the header as before.
        etag = put.getHeader("ETag");
        HttpResponse<Buffer> legacy = request("PUT", "/admin/routing", LEGACY).putHeader("If-Match", etag)
                .putHeader("X-Admin-Actor", "release-bot").sendBuffer(Buffer.buffer(policy))
                .await(30, TimeUnit.SECONDS);
        assertEquals(200, legacy.statusCode(), legacy.bodyAsString());
        assertEquals("release-bot", lastChange().getString("actor"));
        assertEquals(new JsonObject().put("name", "admin").put("role", "operator"),
                call("GET", AdminApi.IDENTITY, LEGACY, null).bodyAsJsonObject());
    }

    @Test
    void a_token_removed_from_the_file_is_refused_within_five_seconds_and_a_broken_file_changes_nothing()
            throws Exception {
        assertEquals(200, call("GET", "/admin/routing", VIEWER, null).statusCode());
        long written = System.nanoTime();
        writeTokens(entry("olga", "operator", OPERATOR));
        long until = written + TimeUnit.SECONDS.toNanos(5);
        int status = 200;
        while (status != 401 && System.nanoTime() < until) {
            Thread.sleep(50);
            status = call("GET", "/admin/routing", VIEWER, null).statusCode();
        }
        assertEquals(401, status, "the viewer's token still works 5 s after it was removed");
        System.out.printf("admin token refused %d ms after the file changed%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written));

        Files.writeString(tokensFile, "{\"tokens\": [{\"name\": \"x\", \"role\": \"root\", \"hash\": \"sha256:00\"}]}");
        Thread.sleep(3 * org.freerpacapture.gateway.config.ReloadedSource.FILE_INTERVAL.toMillis());
        assertEquals(200, call("GET", "/admin/routing", OPERATOR, null).statusCode(), "the tokens in force stay");
    }

    private JsonObject lastChange() throws Exception {
        JsonArray changes = call("GET", "/admin/routing/history", OPERATOR, null).bodyAsJsonObject()
                .getJsonArray("changes");
        return changes.getJsonObject(changes.size() - 1);
    }

    private HttpRequest<Buffer> request(String method, String path, String token) {
        HttpRequest<Buffer> r = gateway.admin.request(io.vertx.core.http.HttpMethod.valueOf(method), path);
        return token == null ? r : r.putHeader("Authorization", "Bearer " + token);
    }

    private HttpResponse<Buffer> call(String method, String path, String token, String body) throws Exception {
        return send(method, path, token, body, null);
    }

    private HttpResponse<Buffer> send(String method, String path, String token, String body, String ifMatch)
            throws Exception {
        HttpRequest<Buffer> r = request(method, path, token).putHeader("Content-Type", "application/json");
        if (ifMatch != null) {
            r.putHeader("If-Match", ifMatch);
        }
        return (body == null ? r.send() : r.sendBuffer(Buffer.buffer(body))).await(30, TimeUnit.SECONDS);
    }

    private void writeTokens(String... entries) throws Exception {
        Path tmp = dir.resolve("admin-tokens.tmp");
        Files.writeString(tmp, "{\"tokens\": [" + String.join(",", entries) + "]}");
        Files.move(tmp, tokensFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String entry(String name, String role, String token) throws Exception {
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
        return "{\"name\": \"" + name + "\", \"role\": \"" + role + "\", \"hash\": \"sha256:" + hash + "\"}";
    }
}
