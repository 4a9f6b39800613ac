package org.freerpacapture.gateway.tenants;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.freerpacapture.adapters.ProviderSafety;
import org.freerpacapture.fakes.azure.AzureDiFake;
import org.freerpacapture.gateway.Gateway;
import org.freerpacapture.gateway.admin.AdminApi;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.observability.Observability;
import org.freerpacapture.gateway.observability.ProviderPrices;
import org.freerpacapture.gateway.observability.Telemetry;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Page quotas and cloud budgets through the production gateway ({@link Gateway}) over HTTP on loopback: a tenant
 * with a tiny monthly budget against a loopback Azure Document Intelligence fake priced at one cent a page is read
 * by the cloud until the budget is spent, then by the local engine (the answer says why), or refused where the
 * route says so; its usage is still there after the gateway restarts on the same files; its page quota ends in
 * 429 with {@code Retry-After}; and {@code GET /admin/tenants} and the metrics show the numbers.
 *
 * <p>Callers are not authenticated here, so every request is the tenant {@code default}, as in the embedded
 * set-up. The tests run in order, each going on from where the last left the tenant's usage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BudgetsOverHttpTest {

    private static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID();
    private static final String AZURE_KEY = "azure-key-" + UUID.randomUUID();
    private static final String CLOUD = "azure:fake";
    private static final String LOCAL = "onnx:ppocr-v4";
    private static final double PRICE = 0.01;
    /** Two pages at the cloud's price. */
    private static final double BUDGET = 0.02;
    private static final int PAGES_PER_DAY = 6;

    private final Vertx vertx = Vertx.vertx();
    private Path dir;
    private AzureDiFake azure;
    private Gateway gateway;
    private WebClient api;
    private WebClient admin;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        azure = AzureDiFake.start(vertx, AZURE_KEY).await(10, TimeUnit.SECONDS).retryAfterSeconds(0);
        Path key = Files.writeString(dir.resolve("azure.key"), AZURE_KEY + "\n");
        Files.writeString(dir.resolve("routing.json"), """
                {"providers": {
                   "onnx:ppocr-v4": {"kind": "onnx", "model": "ppocr-v4"},
                   "azure:fake": {"kind": "azure-di", "endpoint": "%s", "key": "file:%s", "model": "prebuilt-read"}
                 },
                 "routes": [
                   {"name": "cloud", "match": {"header": {"X-Engine": ["cloud"]}},
                    "variants": [{"name": "cloud", "provider": "azure:fake", "weight": 100}]},
                   {"name": "cloud-only", "match": {"header": {"X-Engine": ["cloud-only"]}},
                    "variants": [{"name": "cloud", "provider": "azure:fake", "weight": 100}],
                    "onBudgetExhausted": "refuse"},
                   {"name": "local", "variants": [{"name": "local", "provider": "onnx:ppocr-v4", "weight": 100}]}
                 ]}
                """.formatted(azure.endpoint(), key));
        Files.writeString(dir.resolve("tenants.json"), """
                {"tenants": {"default": {"pagesPerDay": %d, "cloudBudgetPerMonth": %s}}}
                """.formatted(PAGES_PER_DAY, BUDGET));
        startGateway();
    }

    private void startGateway() throws Exception {
        GatewayConfig config = GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0).withAdminPort(0)
                .withPools(new GatewayConfig.Pools(2, 8, 2, 8)).withRequestTimeout(Duration.ofSeconds(20))
                .withWarmup(false).withAdminToken(ADMIN_TOKEN).withPolicyFile(dir.resolve("routing.json"))
                .withTenancy(GatewayConfig.Tenancy.NONE.withPlansFile(dir.resolve("tenants.json")))
                .withProviderSafety(ProviderSafety.defaults().withLoopback(true).withSecretDir(dir));
        Observability observability = Observability.of(Telemetry.disabled(),
                ProviderPrices.parse(CLOUD + "=" + PRICE));
        gateway = Gateway.start(vertx, config, observability).await(30, TimeUnit.SECONDS);
        gateway.ready().await(120, TimeUnit.SECONDS);
        api = RunningGateway.loopbackClient(vertx, gateway.port());
        admin = RunningGateway.loopbackClient(vertx, gateway.adminPort());
    }

    private void stopGateway() throws Exception {
        api.close();
        admin.close();
        gateway.stop().await(30, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            stopGateway();
        } finally {
            azure.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void within_its_budget_the_tenant_is_read_by_the_priced_cloud_provider() throws Exception {
        for (int i = 0; i < 2; i++) {
            HttpResponse<Buffer> r = analyze("cloud");
            assertEquals(200, r.statusCode(), r.bodyAsString());
            assertEquals(CLOUD, r.getHeader("X-Provider"));
            assertFalse(r.bodyAsJsonObject().containsKey("budget"), "no budget note while the budget lasts");
        }
        assertEquals(2, azure.analyzeCalls());
    }

    @Test
    @Order(2)
    void once_the_budget_is_spent_the_local_engine_reads_and_the_answer_says_why() throws Exception {
        HttpResponse<Buffer> r = analyze("cloud");

        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(LOCAL, r.getHeader("X-Provider"));
        JsonObject body = r.bodyAsJsonObject();
        assertEquals("cloud", body.getString("route"));
        assertEquals("cloud", body.getString("variant"));
        assertEquals(LOCAL, body.getJsonObject("provider").getString("id"));
        assertFalse(body.getString("content").isBlank(), "the local engine read the receipt");
        assertEquals(new JsonObject().put("exhausted", true).put("servedBy", LOCAL).put("instead", CLOUD),
                body.getJsonObject("budget"));
        assertEquals(2, azure.analyzeCalls(), "the cloud was not called once the budget was spent");
    }

    @Test
    @Order(3)
    void a_route_that_refuses_answers_402_budget_exhausted_until_next_month() throws Exception {
        HttpResponse<Buffer> r = analyze("cloud-only");

        assertEquals(402, r.statusCode(), r.bodyAsString());
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertEquals("budget_exhausted", error.getString("code"));
        assertTrue(error.getString("message").contains("cloud-only"), error.getString("message"));
        assertEquals(UsageLedger.untilNextMonth(Instant.now()).toSeconds(),
                Long.parseLong(r.getHeader("Retry-After")), 5.0);
        assertEquals(2, azure.analyzeCalls());
    }

    @Test
    @Order(4)
    void admin_tenants_shows_the_pages_the_spend_and_the_spent_budget() throws Exception {
        JsonObject tenant = tenant("default");

        assertEquals(3, tenant.getJsonObject("usage").getLong("pagesToday"), "the refused request read nothing");
        assertEquals(3, tenant.getJsonObject("usage").getLong("pagesThisMonth"));
        assertEquals(BUDGET, tenant.getJsonObject("usage").getDouble("spentUsd"), 1e-9);
        assertEquals(0.0, tenant.getDouble("budgetLeftUsd"), 1e-9);
        assertEquals(BUDGET, tenant.getJsonObject("plan").getDouble("cloudBudgetPerMonth"), 1e-9);
        assertEquals(PAGES_PER_DAY, tenant.getJsonObject("plan").getLong("pagesPerDay"));
        assertEquals(new JsonObject().put("pagesPerDay", false).put("pagesPerMonth", false).put("cloudBudget", true),
                tenant.getJsonObject("exhausted"));

        String metrics = admin.get(AdminApi.METRICS).send().await(10, TimeUnit.SECONDS).bodyAsString();
        assertEquals(3.0, sample(metrics, "gateway_tenant_pages_total{tenant=\"default\"}"), 1e-9);
        assertEquals(BUDGET, sample(metrics, "gateway_tenant_estimated_cost_usd_total{tenant=\"default\"}"), 1e-9);
        assertEquals(0.0, sample(metrics, "gateway_tenant_budget_remaining_usd{tenant=\"default\"}"), 1e-9);
    }

    @Test
    @Order(5)
    void usage_is_still_there_after_the_gateway_restarts_on_the_same_files() throws Exception {
        stopGateway();
        assertTrue(Files.exists(dir.resolve(UsageFile.NAME)), "written beside the policy file on stop");

        startGateway();

        JsonObject usage = tenant("default").getJsonObject("usage");
        assertEquals(3, usage.getLong("pagesToday"));
        assertEquals(BUDGET, usage.getDouble("spentUsd"), 1e-9);
        HttpResponse<Buffer> r = analyze("cloud");
        assertEquals(200, r.statusCode(), r.bodyAsString());
        assertEquals(LOCAL, r.getHeader("X-Provider"), "the budget is still spent after the restart");
        assertEquals(CLOUD, r.bodyAsJsonObject().getJsonObject("budget").getString("instead"));
        assertEquals(2, azure.analyzeCalls());
    }

    @Test
    @Order(6)
    void a_spent_page_quota_answers_429_quota_exceeded_with_retry_after_until_midnight_utc() throws Exception {
        // 4 pages read so far; the quota is 6 a day.
        for (int i = 0; i < 2; i++) {
            HttpResponse<Buffer> r = analyze(null);
            assertEquals(200, r.statusCode(), r.bodyAsString());
        }

        HttpResponse<Buffer> r = analyze(null);

        assertEquals(429, r.statusCode(), r.bodyAsString());
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertEquals("quota_exceeded", error.getString("code"));
        assertTrue(error.getString("message").contains(PAGES_PER_DAY + " pages of today"), error.encode());
        String retryAfter = r.getHeader("Retry-After");
        assertNotNull(retryAfter);
        assertEquals(UsageLedger.untilNextDay(Instant.now()).toSeconds(), Long.parseLong(retryAfter), 5.0);
        JsonObject tenant = tenant("default");
        assertEquals(PAGES_PER_DAY, tenant.getJsonObject("usage").getLong("pagesToday"), "the refusal read nothing");
        assertTrue(tenant.getJsonObject("exhausted").getBoolean("pagesPerDay"));
        assertNull(tenant.getJsonObject("plan").getValue("pagesPerMonth"));
    }

    private HttpResponse<Buffer> analyze(String engine) throws Exception {
        HttpRequest<Buffer> request = api.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/jpeg");
        if (engine != null) {
            request.putHeader("X-Engine", engine);
        }
        return request.sendBuffer(Buffer.buffer(Fixtures.receiptJpeg())).await(60, TimeUnit.SECONDS);
    }

    private JsonObject tenant(String id) throws Exception {
        HttpResponse<Buffer> r = admin.request(HttpMethod.GET, AdminApi.TENANTS)
                .putHeader("Authorization", "Bearer " + ADMIN_TOKEN).send().await(10, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getJsonArray("tenants").stream().map(JsonObject.class::cast)
                .filter(t -> t.getString("tenant").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no tenant " + id + " in " + r.bodyAsString()));
    }

    /** The value of one sample of the Prometheus exposition, by its name and labels as written. */
    private static double sample(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " is not exported"));
    }
}
