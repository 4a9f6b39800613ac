package org.freerpacapture.gateway.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.freerpacapture.adapters.ProviderFactory;
import org.freerpacapture.gateway.GatewayServer;
import org.freerpacapture.gateway.LiveRouting;
import org.freerpacapture.gateway.ProviderRegistry;
import org.freerpacapture.gateway.admin.AdminApi;
import org.freerpacapture.gateway.admin.AdminTokens;
import org.freerpacapture.gateway.admin.ConsoleReads;
import org.freerpacapture.gateway.observability.Observability;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.execute.ShadowReader;
import org.freerpacapture.gateway.observability.ExecutionHooks;
import org.freerpacapture.gateway.http.DecoderDocumentReader;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.http.Readiness;
import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.freerpacapture.gateway.tenants.Tenants;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The public API and the admin API (with the console) on loopback, routed by a live policy over {@code test} providers (and any
 * local models a test hands in), with clients for both ports.
 */
public final class RoutedGateway implements AutoCloseable {

    public static final String TOKEN = "s3cret-admin-token";
    /** Short, so tests of providers that time out stay quick. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    public final LiveRouting routing;
    public final GatewayServer server;
    public final AdminApi admin;
    public final WebClient api;
    public final WebClient adminClient;

    private final Tenants tenants;

    private RoutedGateway(LiveRouting routing, GatewayServer server, AdminApi admin, WebClient api,
                          WebClient adminClient, Tenants tenants) {
        this.tenants = tenants;
        this.routing = routing;
        this.server = server;
        this.admin = admin;
        this.api = api;
        this.adminClient = adminClient;
    }

    public static RoutedGateway start(Vertx vertx, String policyJson) throws Exception {
        return start(vertx, policyJson, Map.of(), Optional.empty(), Optional.of(TOKEN), ShadowReader.DEFAULT_CAPACITY);
    }

    /**
     * @param local      local models by policy name ({@code ppocr-v4})
     * @param policyFile where changes are saved, if anywhere
     */
    public static RoutedGateway start(Vertx vertx, String policyJson, Map<String, ? extends
            org.freerpacapture.ocr.OcrProvider> local, Optional<Path> policyFile, Optional<String> token,
                                      int shadowCapacity) throws Exception {
        return start(vertx, policyJson, local, new ProviderFactory(vertx), policyFile, token, shadowCapacity);
    }

    /** @param cloud builds the policy's cloud kinds; tests add their own kinds with {@link ProviderFactory#with} */
    public static RoutedGateway start(Vertx vertx, String policyJson, Map<String, ? extends
            org.freerpacapture.ocr.OcrProvider> local, ProviderFactory cloud, Optional<Path> policyFile,
                                      Optional<String> token, int shadowCapacity) throws Exception {
        return start(vertx, policyJson, local, cloud, policyFile, token, shadowCapacity,
                settings(UnaryOperator.identity()));
    }

    /**
     * @param settings changes the gateway's settings: its region, trusted proxies and address, data residency, and
     *                 what provider entries may point at
     */
    public static RoutedGateway start(Vertx vertx, String policyJson, UnaryOperator<GatewayConfig> settings)
            throws Exception {
        GatewayConfig config = settings(settings);
        return start(vertx, policyJson, Map.of(), new ProviderFactory(vertx).withSafety(config.providerSafety()),
                Optional.empty(), Optional.of(TOKEN), ShadowReader.DEFAULT_CAPACITY, config);
    }

    /** A decode queue deep enough for the load tests' 16 concurrent callers on a 2-core machine. */
    private static GatewayConfig settings(UnaryOperator<GatewayConfig> settings) {
        return settings.apply(RunningGateway.loopbackConfig().withPools(new GatewayConfig.Pools(2, 8, 2, 64))
                .withRequestTimeout(REQUEST_TIMEOUT));
    }

    private static RoutedGateway start(Vertx vertx, String policyJson, Map<String, ? extends
            org.freerpacapture.ocr.OcrProvider> local, ProviderFactory cloud, Optional<Path> policyFile,
                                       Optional<String> token, int shadowCapacity, GatewayConfig config)
            throws Exception {
        RoutingPolicy policy = RoutingPolicy.parse(policyJson);
        ProviderRegistry registry = new ProviderRegistry(vertx, Map.copyOf(local), cloud, Duration.ofSeconds(1));
        LiveRouting routing = vertx.executeBlocking(() -> new LiveRouting(vertx, policy, registry, policyFile,
                        new ShadowReader(shadowCapacity, Duration.ofSeconds(30)), Clock.systemUTC(),
                        ExecutionHooks.NONE, config.residency()), false)
                .await(30, TimeUnit.SECONDS);
        routing.startWatch();
        Readiness readiness = new Readiness();
        readiness.markReady();
        Tenants tenants = Tenants.load(vertx, config).await(10, TimeUnit.SECONDS);
        GatewayServer server = GatewayServer.start(vertx, config, routing.executor(),
                DecoderDocumentReader.of(config.limits()), readiness, Observability.untraced(), tenants)
                .await(10, TimeUnit.SECONDS);
        ConsoleReads console = new ConsoleReads(vertx, server.api().reading(), routing, Observability.untraced(),
                config.requestTimeout(), config.region(), config.limits().maxBytes());
        AdminApi admin = AdminApi.start(vertx, "127.0.0.1", 0, routing, AdminTokens.of(token), Optional.empty(),
                        Optional.empty(), GatewayConfig.Tls.NONE, GatewayConfig.Connections.DEFAULTS,
                        Optional.of(console))
                .await(10, TimeUnit.SECONDS);
        WebClient api = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.port()), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(32));
        WebClient adminClient = RunningGateway.loopbackClient(vertx, admin.port());
        return new RoutedGateway(routing, server, admin, api, adminClient, tenants);
    }

    /** A POST of the small test page, sticky key in {@code X-Tenant-Id} when given. */
    public Future<HttpResponse<Buffer>> analyze(String tenant) {
        return analyze(tenant, TINY_PNG);
    }

    public Future<HttpResponse<Buffer>> analyze(String tenant, byte[] png) {
        HttpRequest<Buffer> request = api.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/png");
        if (tenant != null) {
            request.putHeader("X-Tenant-Id", tenant);
        }
        return request.sendBuffer(Buffer.buffer(png));
    }

    public HttpResponse<Buffer> analyzeNow(String tenant) throws Exception {
        return analyze(tenant).await(30, TimeUnit.SECONDS);
    }

    public HttpRequest<Buffer> admin(io.vertx.core.http.HttpMethod method, String path) {
        return adminClient.request(method, path).putHeader("Authorization", "Bearer " + TOKEN);
    }

    public JsonObject getJson(String path) throws Exception {
        HttpResponse<Buffer> r = admin(io.vertx.core.http.HttpMethod.GET, path).send().await(10, TimeUnit.SECONDS);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " → " + r.statusCode() + " " + r.bodyAsString());
        }
        return r.bodyAsJsonObject();
    }

    /** PUTs a policy with the current ETag. */
    public HttpResponse<Buffer> put(String policyJson) throws Exception {
        HttpResponse<Buffer> current = admin(io.vertx.core.http.HttpMethod.GET, AdminApi.ROUTING).send()
                .await(10, TimeUnit.SECONDS);
        return admin(io.vertx.core.http.HttpMethod.PUT, AdminApi.ROUTING)
                .putHeader("If-Match", current.getHeader("ETag"))
                .sendBuffer(Buffer.buffer(policyJson)).await(10, TimeUnit.SECONDS);
    }

    /** The stats entry of one route and variant. */
    public JsonObject variantStats(String route, String variant) throws Exception {
        return getJson(AdminApi.STATS).getJsonArray("variants").stream().map(JsonObject.class::cast)
                .filter(v -> v.getString("route").equals(route) && v.getString("variant").equals(variant))
                .findFirst().orElseThrow(() -> new AssertionError("no stats for " + route + "/" + variant));
    }

    @Override
    public void close() throws Exception {
        api.close();
        adminClient.close();
        admin.stop().await(10, TimeUnit.SECONDS);
        server.stop(Duration.ofSeconds(1)).await(10, TimeUnit.SECONDS);
        routing.close();
        tenants.close();
    }

    /** A 64×48 white PNG with a dark bar: decodes in well under a millisecond. */
    public static final byte[] TINY_PNG = tinyPng();

    private static byte[] tinyPng() {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 64, 48);
        g.setColor(Color.BLACK);
        g.fillRect(8, 20, 48, 8);
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
