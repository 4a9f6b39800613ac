package org.freerpacapture.gateway.console;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.routing.TextAgreement;
import org.freerpacapture.gateway.support.RoutedGateway;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.Polygon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The console's reads over real HTTP, with {@code test} providers: behind the admin token, with the provider chosen
 * and outside the routing statistics, and a comparison scored by {@link TextAgreement}, the measure shadow traffic
 * reports in {@code /admin/stats}.
 */
@ExtendWith(VertxExtension.class)
class ConsoleReadsOverHttpTest {

    private static final String POLICY = """
            {"providers": {"test:a": {"kind": "test", "lines": ["TOTAL RM 9.00", "TAN WOON YANN"]},
                           "test:b": {"kind": "test", "lines": ["TOTAL RM 9.60", "TAN WOON YANN", "THANK YOU"]}},
             "routes": [{"name": "default", "match": {},
               "variants": [{"name": "a", "provider": "test:a", "weight": 100}]}]}
            """;

    private static HttpResponse<Buffer> consolePost(RoutedGateway g, String pathAndQuery, boolean token)
            throws Exception {
        var request = g.adminClient.post(pathAndQuery).putHeader("Content-Type", "image/png");
        if (token) {
            request.putHeader("Authorization", "Bearer " + RoutedGateway.TOKEN);
        }
        return request.sendBuffer(Buffer.buffer(RoutedGateway.TINY_PNG)).await(10, TimeUnit.SECONDS);
    }

    @Test
    void a_read_with_a_chosen_provider_needs_the_token_names_that_provider_and_leaves_routing_stats_alone(
            Vertx vertx) throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, POLICY)) {
            HttpResponse<Buffer> anonymous = consolePost(g, "/admin/console/read?provider=test:b", false);
            assertEquals(401, anonymous.statusCode());

            HttpResponse<Buffer> chosen = consolePost(g, "/admin/console/read?provider=test:b", true);
            assertEquals(200, chosen.statusCode(), chosen.bodyAsString());
            JsonObject result = chosen.bodyAsJsonObject();
            assertEquals("console", result.getString("route"));
            assertEquals("test:b", result.getJsonObject("provider").getString("id"));
            assertEquals(3, result.getJsonArray("pages").getJsonObject(0).getJsonArray("lines").size());
            assertEquals(0, g.variantStats("default", "a").getInteger("totalRequests"),
                    "a chosen read is not the route's traffic");

            HttpResponse<Buffer> routed = consolePost(g, "/admin/console/read?provider=policy", true);
            assertEquals(200, routed.statusCode(), routed.bodyAsString());
            assertEquals("default", routed.bodyAsJsonObject().getString("route"));
            assertEquals("test:a", routed.bodyAsJsonObject().getJsonObject("provider").getString("id"));
            assertEquals(1, g.variantStats("default", "a").getInteger("totalRequests"),
                    "as the policy decides, it is a request like any other");

            HttpResponse<Buffer> unknown = consolePost(g, "/admin/console/read?provider=test:nope", true);
            assertEquals(404, unknown.statusCode());
            assertEquals("unknown_provider", unknown.bodyAsJsonObject().getJsonObject("error").getString("code"));
            HttpResponse<Buffer> empty = g.admin(HttpMethod.POST, "/admin/console/read?provider=test:a")
                    .putHeader("Content-Type", "image/png").send().await(10, TimeUnit.SECONDS);
            assertEquals(400, empty.statusCode());
            assertEquals("empty_body", empty.bodyAsJsonObject().getJsonObject("error").getString("code"));
        }
    }

    @Test
    void a_comparison_scores_the_two_readings_as_shadow_agreement_does_and_pairs_their_lines_by_position(
            Vertx vertx) throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, POLICY)) {
            HttpResponse<Buffer> r = consolePost(g, "/admin/console/compare?a=test:a&b=test:b", true);
            assertEquals(200, r.statusCode(), r.bodyAsString());
            JsonObject body = r.bodyAsJsonObject();
            List<Line> a = lines(body.getJsonObject("a"));
            List<Line> b = lines(body.getJsonObject("b"));
            assertEquals(TextAgreement.between(a, b), body.getDouble("agreement"), 1e-12);
            // By hand: "9.00" against "9.60" is 1 error, "THANK YOU" unmatched is 9, over 26 characters of a.
            assertEquals(1 - 10.0 / 26, body.getDouble("agreement"), 1e-12);

            JsonArray pairs = body.getJsonArray("pages").getJsonObject(0).getJsonArray("pairs");
            assertEquals(3, pairs.size());
            assertEquals(List.of(0, 0, 1), List.of(pairs.getJsonObject(0).getInteger("primary"),
                    pairs.getJsonObject(0).getInteger("shadow"), pairs.getJsonObject(0).getInteger("errors")));
            assertEquals(List.of(1, 1, 0), List.of(pairs.getJsonObject(1).getInteger("primary"),
                    pairs.getJsonObject(1).getInteger("shadow"), pairs.getJsonObject(1).getInteger("errors")));
            assertEquals(List.of(-1, 2, 9), List.of(pairs.getJsonObject(2).getInteger("primary"),
                    pairs.getJsonObject(2).getInteger("shadow"), pairs.getJsonObject(2).getInteger("errors")));

            HttpResponse<Buffer> half = consolePost(g, "/admin/console/compare?a=test:a", true);
            assertEquals(400, half.statusCode());
        }
    }

    /** The lines of a unified result's first page, as the gateway's own records. */
    private static List<Line> lines(JsonObject result) {
        List<Line> out = new ArrayList<>();
        for (Object o : result.getJsonArray("pages").getJsonObject(0).getJsonArray("lines")) {
            JsonObject line = (JsonObject) o;
            JsonArray p = line.getJsonArray("polygon");
            double[] xy = new double[p.size()];
            for (int i = 0; i < xy.length; i++) {
                xy[i] = p.getDouble(i);
            }
            out.add(new Line(line.getString("text"), line.getDouble("confidence"), Polygon.of(xy), List.of()));
        }
        return out;
    }
}
