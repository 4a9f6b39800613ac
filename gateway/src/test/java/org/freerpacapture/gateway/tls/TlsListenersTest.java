package org.freerpacapture.gateway.tls;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.freerpacapture.adapters.ProviderFactory;
import org.freerpacapture.gateway.GatewayServer;
import org.freerpacapture.gateway.LiveRouting;
import org.freerpacapture.gateway.ProviderRegistry;
import org.freerpacapture.gateway.admin.AdminApi;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.execute.ShadowReader;
import org.freerpacapture.gateway.execute.SingleProviderExecutor;
import org.freerpacapture.gateway.http.DecoderDocumentReader;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.http.Readiness;
import org.freerpacapture.gateway.observability.CapturedLogs;
import org.freerpacapture.gateway.routing.RoutingPolicy;
import org.freerpacapture.gateway.support.RunningGateway;
import org.freerpacapture.gateway.support.ScriptedProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Both listeners over TLS from PEM files made with {@code openssl}, spoken to by real TLS clients: the handshake
 * works against the CA, plain HTTP gets no answer on the TLS port, a certificate written over the files is served
 * to new connections without a restart, and with a client CA set the admin port refuses clients without a
 * certificate from it.
 */
class TlsListenersTest {

    private static final String TOKEN = "tls-admin-token";
    private static final Duration RELOAD = Duration.ofMillis(200);
    private static final String POLICY = """
            {"providers": {"test:a": {"kind": "test"}},
             "routes": [{"name": "all", "match": {}, "variants": [{"name": "a", "provider": "test:a", "weight": 1}]}]}
            """;

    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final Deque<Callable<?>> closeAfter = new ArrayDeque<>();
    private TestCertificates certificates;
    private TestCertificates.Issued ca;
    private TestCertificates.Issued server;

    @BeforeEach
    void certificates() throws Exception {
        assumeTrue(TestCertificates.opensslAvailable(), "the openssl binary is needed to make certificates");
        certificates = new TestCertificates(dir);
        ca = certificates.ca("test-ca");
        server = certificates.issue(ca, "server", "gateway-one");
    }

    @AfterEach
    void close() throws Exception {
        while (!closeAfter.isEmpty()) {
            closeAfter.pop().call();
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private GatewayConfig.Tls tls(Path clientCa) {
        return new GatewayConfig.Tls(server.certificate(), server.key(), clientCa, RELOAD);
    }

    private GatewayServer publicApi(GatewayConfig.Tls tls) throws Exception {
        GatewayConfig config = RunningGateway.loopbackConfig().withTls(tls);
        Readiness readiness = new Readiness();
        readiness.markReady();
        GatewayServer api = GatewayServer.start(vertx, config, new SingleProviderExecutor(new ScriptedProvider()),
                DecoderDocumentReader.of(config.limits()), readiness).await(10, TimeUnit.SECONDS);
        closeAfter.push(() -> api.stop(Duration.ZERO).await(10, TimeUnit.SECONDS));
        return api;
    }

    private AdminApi admin(GatewayConfig.Tls tls) throws Exception {
        RoutingPolicy policy = RoutingPolicy.parse(POLICY);
        ProviderRegistry registry = new ProviderRegistry(vertx, Map.of(), new ProviderFactory(vertx),
                Duration.ofSeconds(1));
        LiveRouting routing = vertx.executeBlocking(() -> new LiveRouting(vertx, policy, registry, Optional.empty(),
                new ShadowReader(4, Duration.ofSeconds(30)), Clock.systemUTC()), false).await(30, TimeUnit.SECONDS);
        closeAfter.push(() -> {
            routing.close();
            return null;
        });
        AdminApi admin = AdminApi.start(vertx, "127.0.0.1", 0, routing, Optional.of(TOKEN), Optional.empty(),
                Optional.empty(), tls, GatewayConfig.Connections.DEFAULTS).await(10, TimeUnit.SECONDS);
        closeAfter.push(() -> admin.stop().await(10, TimeUnit.SECONDS));
        return admin;
    }

    /** A TLS client that trusts the test CA, verifies the host name and opens a new connection per request. */
    private WebClient client(int port, TestCertificates.Issued clientCertificate) {
        WebClientOptions options = new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
                .setSsl(true).setVerifyHost(true).setKeepAlive(false)
                .setTrustOptions(new PemTrustOptions().addCertPath(ca.certificate().toString()));
        if (clientCertificate != null) {
            options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(clientCertificate.certificate().toString())
                    .setKeyPath(clientCertificate.key().toString()));
        }
        WebClient client = WebClient.create(vertx, options);
        closeAfter.push(() -> {
            client.close();
            return null;
        });
        return client;
    }

    /** The certificate a new connection to {@code port} is served, whoever signed it. */
    private static X509Certificate served(int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{new AnyServer()}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static String commonName(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName().replaceFirst("^CN=", "");
    }

    @Test
    void the_public_api_answers_over_tls_to_a_client_trusting_the_ca() throws Exception {
        GatewayServer api = publicApi(tls(null));

        HttpResponse<Buffer> live = client(api.port(), null).get(HttpApi.HEALTH_LIVE).send()
                .await(10, TimeUnit.SECONDS);
        assertEquals(200, live.statusCode());
        assertEquals("gateway-one", commonName(served(api.port())));
    }

    @Test
    void plain_http_on_the_tls_port_gets_no_http_answer() throws Exception {
        GatewayServer api = publicApi(tls(null));

        String answer;
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] got = new byte[64];
            int n;
            try {
                n = in.read(got);
            } catch (SocketTimeoutException | java.net.SocketException closed) {
                n = -1;
            }
            answer = n <= 0 ? "" : new String(got, 0, n, StandardCharsets.ISO_8859_1);
        }
        assertFalse(answer.startsWith("HTTP/"), "plain HTTP was answered on the TLS port: " + answer);
        assertThrows(Exception.class, () -> WebClient.create(vertx, new WebClientOptions()
                .setDefaultHost("127.0.0.1").setDefaultPort(api.port())).get(HttpApi.HEALTH_LIVE).send()
                .await(10, TimeUnit.SECONDS), "a plain HTTP client got an answer");
    }

    @Test
    void a_certificate_written_over_the_files_is_served_without_a_restart() throws Exception {
        GatewayServer api = publicApi(tls(null));
        AdminApi admin = admin(tls(null));
        assertEquals("gateway-one", commonName(served(api.port())));

        TestCertificates.Issued next = certificates.issue(ca, "next", "gateway-two");
        Files.copy(next.key(), server.key(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(next.certificate(), server.certificate(), StandardCopyOption.REPLACE_EXISTING);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!commonName(served(api.port())).equals("gateway-two") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("gateway-two", commonName(served(api.port())));
        while (!commonName(served(admin.port())).equals("gateway-two") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("gateway-two", commonName(served(admin.port())));
        assertEquals(200, client(api.port(), null).get(HttpApi.HEALTH_LIVE).send().await(10, TimeUnit.SECONDS)
                .statusCode(), "the reloaded certificate verifies against the CA");
    }

    @Test
    void files_that_do_not_make_a_certificate_leave_the_old_one_in_force_and_are_reported_once() throws Exception {
        GatewayServer api = publicApi(tls(null));
        try (CapturedLogs logs = new CapturedLogs()) {
            Files.writeString(server.certificate(), "-----BEGIN CERTIFICATE-----\nnot a certificate\n");
            Thread.sleep(RELOAD.toMillis() * 6);
            assertEquals(1, logs.text().split("TLS files not reloaded", -1).length - 1, logs.text());
        }
        assertEquals("gateway-one", commonName(served(api.port())));
        assertEquals(200, client(api.port(), null).get(HttpApi.HEALTH_LIVE).send().await(10, TimeUnit.SECONDS)
                .statusCode());
    }

    @Test
    void with_a_client_ca_the_admin_port_refuses_clients_without_a_certificate_from_it() throws Exception {
        TestCertificates.Issued clientCa = certificates.ca("admin-clients");
        TestCertificates.Issued operator = certificates.issue(clientCa, "operator", "operator");
        TestCertificates.Issued stranger = certificates.issue(certificates.ca("other-ca"), "stranger", "stranger");
        AdminApi admin = admin(tls(clientCa.certificate()));
        GatewayServer api = publicApi(tls(clientCa.certificate()));

        assertThrows(Exception.class, () -> client(admin.port(), null).get(AdminApi.ROUTING)
                .bearerTokenAuthentication(TOKEN).send().await(10, TimeUnit.SECONDS), "no client certificate");
        assertThrows(Exception.class, () -> client(admin.port(), stranger).get(AdminApi.ROUTING)
                .bearerTokenAuthentication(TOKEN).send().await(10, TimeUnit.SECONDS), "a certificate of another CA");

        HttpResponse<Buffer> ok = client(admin.port(), operator).get(AdminApi.ROUTING)
                .bearerTokenAuthentication(TOKEN).send().await(10, TimeUnit.SECONDS);
        assertEquals(200, ok.statusCode(), ok.bodyAsString());
        HttpResponse<Buffer> noToken = client(admin.port(), operator).get(AdminApi.ROUTING).send()
                .await(10, TimeUnit.SECONDS);
        assertEquals(401, noToken.statusCode(), "a client certificate does not replace the token");
        assertEquals(200, client(api.port(), null).get(HttpApi.HEALTH_LIVE).send().await(10, TimeUnit.SECONDS)
                .statusCode(), "the public API asks for no client certificate");
    }

    /** Accepts any server: {@link #served} only reads which certificate is presented. */
    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
