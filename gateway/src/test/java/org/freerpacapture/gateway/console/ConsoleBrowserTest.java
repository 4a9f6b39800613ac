package org.freerpacapture.gateway.console;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ColorScheme;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.ReadyGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operator console in Debian's Chromium, headless, driven by Playwright against the whole gateway with its two
 * local engines (PP-OCRv4 serving, PP-OCRv3 reading a shadow copy of every request). Each test does what an
 * operator does in the page and checks the outcome through the API; each leaves a screenshot of its view in
 * {@code target/console/} ({@code -Dconsole.screenshots=../docs/console} refreshes the documentation's). A page that breaks its Content-Security-Policy logs an error, and any error fails the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Where the views are saved: the build's own folder, or {@code docs/console} when asked to refresh them. */
    private static final Path SCREENSHOTS = Path.of(System.getProperty("console.screenshots", "target/console"));
    private static final String TOKEN = "console-browser-token";
    /** A named viewer's token, from the admin tokens file. */
    private static final String VIEWER_TOKEN = "console-viewer-token";
    private static final String POLICY = """
            {
              "providers": {
                "onnx:ppocr-v4": {"kind": "onnx", "model": "ppocr-v4"},
                "onnx:ppocr-v3": {"kind": "onnx", "model": "ppocr-v3"}
              },
              "routes": [{
                "name": "default", "match": {},
                "variants": [
                  {"name": "v4", "provider": "onnx:ppocr-v4", "weight": 100},
                  {"name": "v3", "provider": "onnx:ppocr-v3", "weight": 0}
                ],
                "shadow": {"provider": "onnx:ppocr-v3", "percent": 100}
              }]
            }
            """;

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path dir;
    private ReadyGateway gateway;
    private Playwright playwright;
    private Browser browser;
    private BrowserContext context;
    private Page page;
    private final List<String> pageErrors = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: the console's browser tests are skipped"
                + " (apt-get install chromium; .ci/run installs it)");
        dir = Files.createTempDirectory("console-browser");
        Path policy = dir.resolve("routing.json");
        Files.writeString(policy, POLICY);
        Path tokens = dir.resolve("admin-tokens.json");
        Files.writeString(tokens, "{\"tokens\": [{\"name\": \"vera\", \"role\": \"viewer\", \"hash\": \"sha256:"
                + sha256(VIEWER_TOKEN) + "\"}]}");
        GatewayConfig config = GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0).withAdminPort(0)
                .withPools(new GatewayConfig.Pools(2, 16, 2, 16)).withWarmup(false)
                .withAdminToken(TOKEN).withPolicyFile(policy)
                .withTenancy(GatewayConfig.Tenancy.NONE.withAdminTokensFile(tokens));
        gateway = ReadyGateway.start(vertx, config);
        Files.createDirectories(SCREENSHOTS);
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true));
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        vertx.close().await();
    }

    @BeforeEach
    void openPage() throws Exception {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)
                .setColorScheme(ColorScheme.LIGHT));
        page = context.newPage();
        pageErrors.clear();
        page.onConsoleMessage(m -> {
            // An answer's status is logged as an error too (the 404 of a gateway without roles, an expected 422).
            if (m.type().equals("error") && !m.text().startsWith("Failed to load resource: the server responded")) {
                pageErrors.add(m.text());
            }
        });
        page.onPageError(pageErrors::add);
    }

    @AfterEach
    void closePage() {
        context.close();
        assertEquals(List.of(), pageErrors, "the page logged errors (a CSP violation is one)");
    }

    private String admin() {
        return "http://127.0.0.1:" + gateway.gateway.adminPort();
    }

    private void signIn(String view) {
        signIn(view, TOKEN);
    }

    private void signIn(String view, String token) {
        page.navigate(admin() + "/console/#" + view);
        page.locator("#token").fill(token);
        page.locator("#token-form button[type=submit]").click();
        assertThat(page.locator("#whoami")).containsText("(");
        assertThat(page.locator("#view-" + view)).isVisible();
    }

    private void screenshot(String name) {
        page.locator("#tip").evaluate("t => t.hidden = true");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder adminCall(String path) {
        return adminCall(path, TOKEN);
    }

    private HttpRequest.Builder adminCall(String path, String token) {
        return HttpRequest.newBuilder(URI.create(admin() + path)).header("Authorization", "Bearer " + token);
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private JsonObject adminJson(String path) throws Exception {
        HttpResponse<String> r = send(adminCall(path));
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private HttpResponse<String> putPolicy(String json) throws Exception {
        String etag = send(adminCall("/admin/routing")).headers().firstValue("ETag").orElseThrow();
        return send(adminCall("/admin/routing").header("If-Match", etag).header("X-Admin-Actor", "test")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Receipt 000 through the public API, as a bot sends it. */
    private JsonObject analyzeOnPublicPort() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.gateway.port()
                        + "/v1/documents/analyze")).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.receiptJpeg())));
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private static JsonObject variant(JsonObject policy, String name) {
        return policy.getJsonArray("routes").getJsonObject(0).getJsonArray("variants").stream()
                .map(JsonObject.class::cast).filter(v -> v.getString("name").equals(name)).findFirst().orElseThrow();
    }

    @Test
    @Order(1)
    void reading_receipt_000_draws_a_box_per_line_the_api_returns_and_hovering_the_first_shows_its_text()
            throws Exception {
        JsonArray lines = analyzeOnPublicPort().getJsonArray("pages").getJsonObject(0).getJsonArray("lines");
        assertTrue(lines.size() > 10, "receipt 000 has many lines, got " + lines.size());
        String first = lines.getJsonObject(0).getString("text");

        signIn("read");
        page.locator("#read-file").setInputFiles(Fixtures.receiptPath());
        page.locator("#read-provider").selectOption("onnx:ppocr-v4");
        page.locator("#read-go").click();
        Locator boxes = page.locator("#read-stage svg .box.line");
        assertThat(boxes).hasCount(lines.size(), new com.microsoft.playwright.assertions.LocatorAssertions
                .HasCountOptions().setTimeout(60_000));
        assertThat(page.locator("#read-facts dd[data-fact=provider]")).containsText("onnx:ppocr-v4");
        assertThat(page.locator("#read-facts dd[data-fact=route]")).hasText("console");

        boxes.first().hover();
        assertThat(page.locator("#tip")).isVisible();
        assertThat(page.locator("#tip")).containsText(first);
        page.locator("#tip").evaluate("t => t.hidden = true");
        screenshot("read.png");

        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        screenshot("read-dark.png");
    }

    @Test
    @Order(2)
    void comparing_v4_with_v3_shows_the_agreement_the_admin_stats_report_for_v3_shadowing_v4() throws Exception {
        analyzeOnPublicPort(); // served by v4, read again by the v3 shadow and scored
        JsonObject v4 = null;
        for (int i = 0; i < 600 && (v4 == null || v4.getInteger("shadowCompared") < 1); i++) {
            Thread.sleep(100);
            v4 = adminJson("/admin/stats?window=1h").getJsonArray("variants").stream().map(JsonObject.class::cast)
                    .filter(v -> v.getString("route").equals("default") && v.getString("variant").equals("v4"))
                    .findFirst().orElseThrow();
        }
        assertTrue(v4.getInteger("shadowCompared") >= 1, "no shadow comparison: " + v4.encode());
        double reported = v4.getDouble("agreement");

        signIn("compare");
        page.locator("#compare-file").setInputFiles(Fixtures.receiptPath());
        page.locator("#compare-a").selectOption("onnx:ppocr-v4");
        page.locator("#compare-b").selectOption("onnx:ppocr-v3");
        page.locator("#compare-go").click();
        Locator agreement = page.locator("#compare-agreement");
        assertThat(agreement).hasText(Pattern.compile("^[01]\\.\\d{4}$"),
                new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(90_000));
        assertEquals(String.format(Locale.ROOT, "%.4f", reported), agreement.textContent());
        assertEquals(reported, Double.parseDouble(agreement.getAttribute("data-value")), 1e-9,
                "the page shows the score shadow traffic reports for the same two engines on the same receipt");
        assertTrue(page.locator("#compare-lines tbody tr").count() > 10);
        assertTrue(page.locator("#compare-pane-b svg .box.line").count() > 10);
        screenshot("compare.png");
    }

    @Test
    @Order(3)
    void starting_a_10_percent_canary_in_the_page_changes_the_policy_the_api_serves() throws Exception {
        assertEquals(200, putPolicy(POLICY).statusCode());
        signIn("routing");
        page.locator("article[data-route=default] button.canary-start").click();
        page.locator("#change-variant").selectOption("v3");
        page.locator("#change-percent").fill("10");
        page.locator("#change-reason").fill("try v3 on a tenth of receipts");
        page.locator("#change-submit").click();
        assertThat(page.locator("article[data-route=default] li[data-variant=v3] .weight")).hasText("10");

        JsonObject policy = adminJson("/admin/routing");
        assertEquals(10, variant(policy, "v3").getInteger("weight"));
        assertEquals(90, variant(policy, "v4").getInteger("weight"));
        assertEquals("v3", policy.getJsonArray("routes").getJsonObject(0).getJsonObject("canary")
                .getString("variant"));
        JsonArray changes = adminJson("/admin/routing/history").getJsonArray("changes");
        JsonObject last = changes.getJsonObject(changes.size() - 1);
        assertEquals("canary", last.getString("action"));
        assertEquals("try v3 on a tenth of receipts", last.getString("reason"));
        assertThat(page.locator("#history li[data-version=\"" + policy.getLong("version") + "\"]"))
                .containsText("try v3 on a tenth of receipts");
        screenshot("routing.png");
    }

    @Test
    @Order(4)
    void an_invalid_policy_shows_each_error_the_api_reports_at_the_line_of_its_pointer() throws Exception {
        String invalid = """
                {
                  "providers": {
                    "onnx:ppocr-v4": {"kind": "onnx", "model": "ppocr-v4"},
                    "onnx:ppocr-v3": {"kind": "onnx", "model": "ppocr-v3"}
                  },
                  "routes": [
                    {
                      "name": "default",
                      "match": {"task": ["document"]},
                      "variants": [
                        {"name": "v4", "provider": "onnx:ppocr-v4", "weight": -5},
                        {"name": "v3", "provider": "onnx:ppocr-v9", "weight": 10}
                      ]
                    }
                  ]
                }""";
        // Where each error belongs, found in the text independently of the page's own mapping.
        Map<String, Integer> expectedLines = new LinkedHashMap<>();
        expectedLines.put("/routes", lineOf(invalid, "\"routes\": ["));
        expectedLines.put("/routes/0/variants/0/weight", lineOf(invalid, "\"weight\": -5"));
        expectedLines.put("/routes/0/variants/1/provider", lineOf(invalid, "\"onnx:ppocr-v9\""));
        long version = adminJson("/admin/routing").getLong("version");
        HttpResponse<String> direct = putPolicy(invalid);
        assertEquals(422, direct.statusCode(), direct.body());
        JsonArray errors = new JsonObject(direct.body()).getJsonArray("errors");
        Set<String> pointers = new TreeSet<>();
        errors.forEach(e -> pointers.add(((JsonObject) e).getString("pointer")));
        assertEquals(new TreeSet<>(expectedLines.keySet()), pointers, "the errors this policy is known to have");

        signIn("routing");
        page.locator("#policy-editor").fill(invalid);
        page.locator("#policy-save").click();
        assertThat(page.locator("#policy-errors li")).hasCount(errors.size());
        for (Object o : errors) {
            JsonObject error = (JsonObject) o;
            String pointer = error.getString("pointer");
            Locator item = page.locator("#policy-errors li[data-pointer=\"" + pointer + "\"]");
            assertThat(item).containsText(error.getString("message"));
            int line = expectedLines.get(pointer);
            assertEquals(String.valueOf(line), item.getAttribute("data-line"), pointer);
            assertThat(page.locator("#policy-gutter span.error[data-line=\"" + line + "\"]")).hasCount(1);
        }
        assertEquals(version, adminJson("/admin/routing").getLong("version"), "nothing was changed");
        screenshot("routing-errors.png");
    }

    @Test
    @Order(5)
    void a_save_over_someone_elses_change_shows_the_conflict_and_overwrites_nothing() throws Exception {
        signIn("routing");
        assertThat(page.locator("#policy-etag")).containsText("If-Match");
        String mine = page.locator("#policy-editor").inputValue().replace("\"percent\": 100", "\"percent\": 50");
        page.locator("#policy-editor").fill(mine);

        String theirs = POLICY.replace("\"percent\": 100", "\"percent\": 25");
        assertEquals(200, putPolicy(theirs).statusCode(), "someone else's change, after the page read the policy");
        long theirVersion = adminJson("/admin/routing").getLong("version");

        page.locator("#policy-save").click();
        assertThat(page.locator("#policy-conflict")).isVisible();
        assertThat(page.locator("#policy-conflict-text")).containsText("stale_version");
        assertEquals(mine, page.locator("#policy-editor").inputValue(), "the edit is kept");
        JsonObject policy = adminJson("/admin/routing");
        assertEquals(theirVersion, policy.getLong("version"));
        assertEquals(25, policy.getJsonArray("routes").getJsonObject(0).getJsonObject("shadow").getInteger("percent"),
                "their change stands");
        screenshot("routing-conflict.png");
    }

    @Test
    @Order(6)
    void a_viewer_sees_routing_and_reads_documents_but_every_control_that_changes_routing_is_disabled()
            throws Exception {
        signIn("routing", VIEWER_TOKEN);
        assertThat(page.locator("#whoami")).hasText("vera (viewer)");
        assertThat(page.locator("#viewer-note")).isVisible();
        Locator controls = page.locator(".needs-operator");
        assertTrue(controls.count() >= 4, "save and the three canary actions");
        for (int i = 0; i < controls.count(); i++) {
            assertThat(controls.nth(i)).isDisabled();
        }
        assertThat(page.locator("#policy-editor")).not().isEditable();
        assertThat(page.locator("#routes article[data-route=default]")).isVisible();
        screenshot("routing-viewer.png");

        // Were a control enabled by hand, the admin API would still refuse the viewer.
        long version = adminJson("/admin/routing").getLong("version");
        HttpResponse<String> canary = send(adminCall("/admin/routes/default/canary", VIEWER_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"variant\": \"v3\", \"percent\": 50}")));
        assertEquals(403, canary.statusCode(), canary.body());
        assertEquals("forbidden", new JsonObject(canary.body()).getJsonObject("error").getString("code"));
        assertEquals(version, adminJson("/admin/routing").getLong("version"), "nothing changed");

        // Reading changes nothing, so a viewer may.
        page.navigate(admin() + "/console/#read");
        page.locator("#read-file").setInputFiles(Fixtures.receiptPath());
        page.locator("#read-provider").selectOption("onnx:ppocr-v3");
        page.locator("#read-go").click();
        assertThat(page.locator("#read-facts dd[data-fact=provider]")).containsText("onnx:ppocr-v3",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
    }

    @Test
    @Order(7)
    void the_live_view_charts_each_variant_and_draws_the_canary_guard_on_its_charts() throws Exception {
        HttpResponse<String> canary = send(adminCall("/admin/routes/default/canary")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"variant\": \"v3\", \"percent\": 10, \"reason\": \"live\","
                        + " \"guard\": {\"maxErrorRate\": 0.05, \"maxP99Ms\": 5000, \"minRequests\": 100,"
                        + " \"window\": \"1m\"}}")));
        assertEquals(200, canary.statusCode(), canary.body());
        analyzeOnPublicPort();

        signIn("live");
        Locator card = page.locator(".variant-card[data-key=\"default/v3\"]");
        assertThat(card).isVisible();
        assertThat(card.locator("figure[data-chart=\"error rate\"] .guard-line")).hasAttribute("data-guard", "0.05");
        assertThat(card.locator("figure[data-chart=\"latency ms\"] .guard-line")).hasAttribute("data-guard", "5000");
        assertThat(page.locator(".variant-card[data-key=\"default/v4\"] .guard-line")).hasCount(0);
        assertThat(page.locator("#live-providers tbody tr[data-provider=\"onnx:ppocr-v4\"]")).isVisible();
        page.waitForTimeout(3500); // a second sample, so the charts draw lines
        screenshot("live.png");
    }

    private static int lineOf(String text, String snippet) {
        int at = text.indexOf(snippet);
        assertTrue(at >= 0, snippet);
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }
}
