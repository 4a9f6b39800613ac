package org.freerpacapture.gateway.console;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.admin.AdminApi;
import org.freerpacapture.gateway.support.RoutedGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator console's files over real HTTP: only on the admin port, without the token (they hold no data),
 * under a strict Content-Security-Policy, with no inline script or style; the public port knows nothing of them.
 */
@ExtendWith(VertxExtension.class)
class ConsoleAssetsOverHttpTest {

    private static final String POLICY = """
            {"providers": {"test:a": {"kind": "test", "lines": ["TOTAL RM 9.00", "TAN WOON YANN"]},
                           "test:b": {"kind": "test", "lines": ["TOTAL RM 9.60", "TAN WOON YANN", "THANK YOU"]}},
             "routes": [{"name": "default", "match": {},
               "variants": [{"name": "a", "provider": "test:a", "weight": 100}]}]}
            """;

    private static HttpResponse<Buffer> adminGet(RoutedGateway g, String path) throws Exception {
        return g.adminClient.get(path).send().await(10, TimeUnit.SECONDS);
    }

    @Test
    void the_public_port_serves_no_console_and_no_console_reads(Vertx vertx) throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, POLICY)) {
            for (String path : List.of("/console", "/console/", "/console/index.html", "/console/app.js")) {
                HttpResponse<Buffer> r = g.api.get(path).send().await(10, TimeUnit.SECONDS);
                assertEquals(404, r.statusCode(), path);
                assertEquals("not_found", r.bodyAsJsonObject().getJsonObject("error").getString("code"), path);
            }
            HttpResponse<Buffer> read = g.api.post("/admin/console/read").putHeader("Content-Type", "image/png")
                    .sendBuffer(Buffer.buffer(RoutedGateway.TINY_PNG)).await(10, TimeUnit.SECONDS);
            assertEquals(404, read.statusCode());
        }
    }

    @Test
    void the_admin_port_serves_every_file_the_page_loads_without_a_token_under_a_strict_policy(Vertx vertx)
            throws Exception {
        try (RoutedGateway g = RoutedGateway.start(vertx, POLICY)) {
            HttpResponse<Buffer> bare = g.adminClient.get("/console").followRedirects(false).send()
                    .await(10, TimeUnit.SECONDS);
            assertEquals(301, bare.statusCode());
            assertEquals("/console/", bare.getHeader("Location"));

            HttpResponse<Buffer> page = adminGet(g, "/console/");
            assertEquals(200, page.statusCode());
            assertTrue(page.getHeader("Content-Type").startsWith("text/html"));
            String csp = page.getHeader("Content-Security-Policy");
            assertNotNull(csp);
            assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self'")
                    && csp.contains("style-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
            assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
            assertEquals("nosniff", page.getHeader("X-Content-Type-Options"));

            String html = page.bodyAsString();
            assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html)
                    .find(), "an inline script");
            assertFalse(Pattern.compile("<style|\\sstyle=|\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(html)
                    .find(), "an inline style or event handler");

            List<String> referenced = new ArrayList<>();
            Matcher m = Pattern.compile("(?:src|href)=\"([^\"#]+)\"").matcher(html);
            while (m.find()) {
                referenced.add(m.group(1));
            }
            assertTrue(referenced.stream().anyMatch(f -> f.endsWith(".js")), referenced.toString());
            assertTrue(referenced.stream().anyMatch(f -> f.endsWith(".css")), referenced.toString());
            for (String file : referenced) {
                HttpResponse<Buffer> r = adminGet(g, "/console/" + file);
                assertEquals(200, r.statusCode(), file);
                assertEquals(csp, r.getHeader("Content-Security-Policy"), file);
                assertTrue(r.getHeader("Content-Type").startsWith(file.endsWith(".js") ? "text/javascript"
                        : file.endsWith(".css") ? "text/css" : "image/"), file + ": " + r.getHeader("Content-Type"));
            }
            assertEquals(404, adminGet(g, "/console/nothing-here.js").statusCode());
            // Dot segments are resolved before routing: this leaves the console and meets the token check.
            assertEquals(401, adminGet(g, "/console/%2e%2e/%2e%2e/pom.xml").statusCode());
            assertEquals(404, adminGet(g, "/console/views/..%2fapp.js").statusCode());
            assertEquals(401, adminGet(g, AdminApi.ROUTING).statusCode(), "the data still needs the token");
        }
    }

}
