package org.freerpacapture.gateway.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.freerpacapture.gateway.Gateway;
import org.freerpacapture.gateway.admin.AdminApi;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.config.KafkaSettings;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.freerpacapture.gateway.support.RoutedGateway;
import org.freerpacapture.gateway.support.RunningGateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One whole gateway as production starts it, with Kafka on, in a Vert.x of its own (replicas in one JVM share
 * nothing but the broker): warm-up off and a policy over {@code test} providers, so no local model loads.
 */
final class PolicyReplica implements AutoCloseable {

    static final String TOKEN = "replica-admin-token";

    final String name;
    final Path policyFile;
    final Vertx vertx;
    final Gateway gateway;
    final WebClient api;
    final WebClient admin;
    /** When this replica put each version in force, by version (nanoTime). */
    final Map<Long, Long> appliedAt = new ConcurrentHashMap<>();

    private PolicyReplica(String name, Path policyFile, Vertx vertx, Gateway gateway) {
        this.name = name;
        this.policyFile = policyFile;
        this.vertx = vertx;
        this.gateway = gateway;
        this.api = RunningGateway.loopbackClient(vertx, gateway.port());
        this.admin = RunningGateway.loopbackClient(vertx, gateway.adminPort());
        gateway.routing().store().onChange(change -> appliedAt.putIfAbsent(change.version(), System.nanoTime()));
    }

    /** Starts a replica named {@code name} whose policy file holds {@code seedJson}, and waits until ready. */
    static PolicyReplica start(String bootstrap, String name, Path dir, String seedJson) throws Exception {
        Path file = dir.resolve(name + "-routing.json");
        Files.writeString(file, seedJson);
        GatewayConfig config = GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0).withAdminPort(0)
                .withAdminToken(TOKEN).withWarmup(false).withPolicyFile(file)
                .withPools(new GatewayConfig.Pools(1, 4, 1, 8))
                .withConnections(GatewayConfig.Connections.DEFAULTS.withDrainReadyDelay(Duration.ZERO))
                .withKafka(KafkaSettings.OFF.withBootstrap(bootstrap).withInstanceId(name));
        Vertx vertx = Vertx.vertx();
        try {
            Gateway gateway = Gateway.start(vertx, config).await(30, TimeUnit.SECONDS);
            gateway.ready().await(60, TimeUnit.SECONDS);
            return new PolicyReplica(name, file, vertx, gateway);
        } catch (Exception e) {
            vertx.close().await(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The policy in force here, as this replica's store holds it. */
    RoutingPolicy policy() {
        return gateway.routing().store().current();
    }

    long version() {
        return policy().version();
    }

    HttpRequest<Buffer> admin(HttpMethod method, String path) {
        return admin.request(method, path).putHeader("Authorization", "Bearer " + TOKEN)
                .putHeader("X-Admin-Actor", "test-" + name);
    }

    Future<HttpResponse<Buffer>> put(String policyJson, long ifMatch) {
        return admin(HttpMethod.PUT, AdminApi.ROUTING).putHeader("If-Match", "\"" + ifMatch + "\"")
                .sendBuffer(Buffer.buffer(policyJson));
    }

    HttpResponse<Buffer> putNow(String policyJson, long ifMatch) throws Exception {
        return put(policyJson, ifMatch).await(30, TimeUnit.SECONDS);
    }

    HttpResponse<Buffer> post(String path, JsonObject body) throws Exception {
        return admin(HttpMethod.POST, path).sendJsonObject(body).await(30, TimeUnit.SECONDS);
    }

    HttpResponse<Buffer> get(String path) throws Exception {
        return admin(HttpMethod.GET, path).send().await(10, TimeUnit.SECONDS);
    }

    HttpResponse<Buffer> analyze(String tenant) throws Exception {
        HttpRequest<Buffer> request = api.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/png");
        if (tenant != null) {
            request.putHeader("X-Tenant-Id", tenant);
        }
        return request.sendBuffer(Buffer.buffer(RoutedGateway.TINY_PNG)).await(30, TimeUnit.SECONDS);
    }

    /** {@code GET /health/ready}. */
    HttpResponse<Buffer> ready() throws Exception {
        return api.get(HttpApi.HEALTH_READY).send().await(10, TimeUnit.SECONDS);
    }

    /** The policy topic's state as {@code /health/ready} shows it. */
    String topicState() throws Exception {
        return ready().bodyAsJsonObject().getJsonObject("kafka").getJsonObject("policy").getString("state");
    }

    /** Waits until this replica has {@code version} in force; fails after {@code within}. */
    void awaitVersion(long version, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (version() < version) {
            if (System.nanoTime() > end) {
                throw new AssertionError(name + " is on version " + version() + ", not " + version + ", after "
                        + within);
            }
            Thread.sleep(1);
        }
    }

    /** Waits until this replica has put {@code version} in force and told its listeners; returns when (nanoTime). */
    long awaitApplied(long version, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        Long at;
        while ((at = appliedAt.get(version)) == null) {
            if (System.nanoTime() > end) {
                throw new AssertionError(name + " did not put version " + version + " in force within " + within
                        + "; it is on " + version());
            }
            Thread.sleep(1);
        }
        return at;
    }

    @Override
    public void close() throws Exception {
        api.close();
        admin.close();
        gateway.stop().await(30, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
