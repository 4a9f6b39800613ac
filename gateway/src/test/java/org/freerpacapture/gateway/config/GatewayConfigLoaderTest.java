package org.freerpacapture.gateway.config;

import org.freerpacapture.adapters.ProviderSafety;
import org.freerpacapture.gateway.routing.Residency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaults_apply_when_nothing_is_set() {
        GatewayConfig config = GatewayConfigLoader.load(Map.of());
        int cores = Runtime.getRuntime().availableProcessors();

        assertEquals(8080, config.httpPort());
        assertEquals(8081, config.adminPort());
        assertEquals("0.0.0.0", config.host());
        assertNull(config.region());
        assertEquals(new GatewayConfig.Limits(20L * 1024 * 1024, 40_000_000L, 50, 200, 200_000L), config.limits());
        assertEquals(new GatewayConfig.Pools(cores, 4 * cores, cores, 4 * cores), config.pools());
        assertEquals(Duration.ofSeconds(30), config.requestTimeout());
        assertEquals("onnx:ppocr-v4", config.defaultProvider());
        assertTrue(config.warmup());
    }

    @Test
    void yaml_file_overrides_defaults_and_environment_overrides_the_file() throws IOException {
        Path file = Files.writeString(dir.resolve("gateway.yaml"), """
                httpPort: 9090
                maxBytes: 5MiB
                inferenceThreads: 3
                requestTimeout: 1500ms
                warmup: false
                region: eu-west
                """);

        GatewayConfig config = GatewayConfigLoader.load(Map.of(
                "GATEWAY_CONFIG", file.toString(),
                "GATEWAY_HTTP_PORT", "9191",
                "GATEWAY_DEFAULT_PROVIDER", "onnx:ppocr-v3"));

        assertEquals(9191, config.httpPort());
        assertEquals(5L * 1024 * 1024, config.limits().maxBytes());
        assertEquals(3, config.pools().inferenceThreads());
        assertEquals(12, config.pools().inferenceQueue(), "queue follows the configured threads");
        assertEquals(Duration.ofMillis(1500), config.requestTimeout());
        assertEquals("onnx:ppocr-v3", config.defaultProvider());
        assertEquals("eu-west", config.region());
        assertEquals(false, config.warmup());
    }

    @Test
    void json_file_is_read_too() throws IOException {
        Path file = Files.writeString(dir.resolve("gateway.json"),
                "{\"maxPages\": 7, \"pdfDpi\": 150, \"decodeQueue\": 0, \"shutdownTimeout\": \"PT5S\","
                        + " \"pdfMaxOperators\": 50000}");

        GatewayConfig config = GatewayConfigLoader.load(Map.of("GATEWAY_CONFIG", file.toString()));

        assertEquals(7, config.limits().maxPages());
        assertEquals(150, config.limits().pdfDpi());
        assertEquals(50_000, config.limits().pdfMaxOperators());
        assertEquals(0, config.pools().decodeQueue());
        assertEquals(Duration.ofSeconds(5), config.shutdownTimeout());
    }

    @Test
    void provider_safety_settings_are_read_as_lists_and_default_to_the_platform_secret_mounts() {
        GatewayConfig defaults = GatewayConfigLoader.load(Map.of());
        assertEquals(ProviderSafety.defaults(), defaults.providerSafety());
        GatewayConfig config = GatewayConfigLoader.load(Map.of(
                "GATEWAY_SECRET_ENV_PREFIXES", "OCR_KEY_, GATEWAY_SECRET_",
                "GATEWAY_SECRET_DIRS", "/etc/ocr-secrets,,/run/secrets",
                "GATEWAY_PROVIDER_LOOPBACK", "true"));
        assertEquals(List.of("OCR_KEY_", "GATEWAY_SECRET_"), config.providerSafety().secretEnvPrefixes());
        assertEquals(List.of(Path.of("/etc/ocr-secrets"), Path.of("/run/secrets")),
                config.providerSafety().secretDirs());
        assertTrue(config.providerSafety().loopback());
    }

    @Test
    void tls_settings_come_as_a_pair_and_a_client_ca_needs_them() {
        assertEquals(GatewayConfig.Tls.NONE, GatewayConfigLoader.load(Map.of()).tls());
        GatewayConfig.Tls tls = GatewayConfigLoader.load(Map.of("GATEWAY_TLS_CERT", "/etc/gw/tls.pem",
                "GATEWAY_TLS_KEY", "/etc/gw/tls.key", "GATEWAY_ADMIN_CLIENT_CA", "/etc/gw/clients.pem",
                "GATEWAY_TLS_RELOAD_INTERVAL", "2s")).tls();
        assertEquals(new GatewayConfig.Tls(Path.of("/etc/gw/tls.pem"), Path.of("/etc/gw/tls.key"),
                Path.of("/etc/gw/clients.pem"), Duration.ofSeconds(2)), tls);
        assertTrue(assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(Map.of(
                "GATEWAY_TLS_CERT", "/etc/gw/tls.pem"))).getMessage().contains("GATEWAY_TLS_KEY"));
        assertTrue(assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(Map.of(
                "GATEWAY_ADMIN_CLIENT_CA", "/etc/gw/clients.pem"))).getMessage().contains("GATEWAY_TLS_CERT"));
    }

    @Test
    void bad_environment_value_names_the_setting() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfigLoader.load(Map.of("GATEWAY_HTTP_PORT", "eighty")));

        assertTrue(e.getMessage().contains("GATEWAY_HTTP_PORT"), e.getMessage());
        assertTrue(e.getMessage().contains("eighty"), e.getMessage());
    }

    @Test
    void out_of_range_values_are_refused() {
        assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(Map.of("GATEWAY_HTTP_PORT", "70000")));
        assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(Map.of("GATEWAY_DECODE_THREADS", "0")));
        assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(Map.of("GATEWAY_REQUEST_TIMEOUT", "0s")));
        assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(Map.of("GATEWAY_MAX_BYTES", "lots")));
        assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(Map.of("GATEWAY_WARMUP", "maybe")));
    }

    @Test
    void bad_file_value_names_the_setting_and_the_file() throws IOException {
        Path file = Files.writeString(dir.resolve("gateway.yaml"), "maxPages: many\n");

        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfigLoader.load(Map.of("GATEWAY_CONFIG", file.toString())));

        assertTrue(e.getMessage().startsWith("GATEWAY_MAX_PAGES"), e.getMessage());
        assertTrue(e.getMessage().contains("gateway.yaml"), e.getMessage());
    }

    @Test
    void unknown_file_key_is_refused_so_typos_do_not_pass_silently() throws IOException {
        Path file = Files.writeString(dir.resolve("gateway.yaml"), "httpPrt: 9090\n");

        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfigLoader.load(Map.of("GATEWAY_CONFIG", file.toString())));

        assertTrue(e.getMessage().contains("httpPrt"), e.getMessage());
    }

    @Test
    void missing_file_is_refused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfigLoader.load(Map.of("GATEWAY_CONFIG", dir.resolve("absent.yaml").toString())));

        assertTrue(e.getMessage().startsWith("GATEWAY_CONFIG"), e.getMessage());
    }

    @Test
    void sizes_and_durations_accept_their_units() {
        GatewayConfig config = GatewayConfigLoader.load(Map.of(
                "GATEWAY_MAX_BYTES", "512KiB", "GATEWAY_REQUEST_TIMEOUT", "2m", "GATEWAY_SHUTDOWN_TIMEOUT", "10"));

        assertEquals(512L * 1024, config.limits().maxBytes());
        assertEquals(Duration.ofMinutes(2), config.requestTimeout());
        assertEquals(Duration.ofSeconds(10), config.shutdownTimeout());
    }

    @Test
    void file_keys_are_the_setting_names_in_camel_case() {
        assertEquals("httpPort", Setting.HTTP_PORT.fileKey());
        assertEquals("maxPixels", Setting.MAX_PIXELS.fileKey());
        assertEquals("defaultProvider", Setting.DEFAULT_PROVIDER.fileKey());
    }

    @Test
    void configuration_doc_lists_every_setting() throws IOException {
        // Tests run in the module directory.
        Path doc = Path.of("../docs/configuration.md");
        String text = Files.readString(doc);
        for (Setting s : Setting.values()) {
            assertTrue(text.contains("`" + s.envName() + "`"), s.envName() + " missing from " + doc);
            assertTrue(text.contains("`" + s.fileKey() + "`"), s.fileKey() + " missing from " + doc);
        }
    }

    @Test
    void connection_bounds_and_the_drain_delay_are_read_and_zero_turns_the_delay_off() {
        GatewayConfig config = GatewayConfigLoader.load(Map.of(
                "GATEWAY_HEADER_TIMEOUT", "2s",
                "GATEWAY_BODY_TIMEOUT", "1500ms",
                "GATEWAY_IDLE_TIMEOUT", "1m",
                "GATEWAY_MAX_HEADER_SIZE", "16KiB",
                "GATEWAY_MAX_INITIAL_LINE", "2048",
                "GATEWAY_MAX_CONNECTIONS", "100",
                "GATEWAY_MAX_CONNECTIONS_PER_ADDRESS", "7",
                "GATEWAY_DRAIN_READY_DELAY", "0"));

        assertEquals(new GatewayConfig.Connections(Duration.ofMinutes(1), Duration.ofSeconds(2),
                Duration.ofMillis(1500), 16 * 1024, 2048, 100, 7, Duration.ZERO), config.connections());
        assertEquals(GatewayConfig.Connections.DEFAULTS, GatewayConfigLoader.load(Map.of()).connections());
        ConfigException zero = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> GatewayConfigLoader.load(Map.of("GATEWAY_HEADER_TIMEOUT", "0")));
        assertTrue(zero.getMessage().contains("GATEWAY_HEADER_TIMEOUT"), zero.getMessage());
    }

    @Test
    void the_s3_endpoint_is_held_to_the_provider_endpoints_rules() {
        assertTrue(GatewayConfigLoader.load(Map.of()).kafka().s3EndpointOverride().isEmpty());
        assertEquals(URI.create("https://minio.internal:9000"), GatewayConfigLoader.load(Map.of(
                "GATEWAY_KAFKA_S3_ENDPOINT", "https://minio.internal:9000")).kafka().s3Endpoint());
        ConfigException loopback = assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(Map.of(
                "GATEWAY_KAFKA_S3_ENDPOINT", "http://127.0.0.1:9000")));
        assertTrue(loopback.getMessage().contains("GATEWAY_KAFKA_S3_ENDPOINT")
                && loopback.getMessage().contains("loopback"), loopback.getMessage());
        assertEquals(URI.create("http://127.0.0.1:9000"), GatewayConfigLoader.load(Map.of(
                "GATEWAY_KAFKA_S3_ENDPOINT", "http://127.0.0.1:9000", "GATEWAY_PROVIDER_LOOPBACK", "true"))
                .kafka().s3Endpoint());
        ConfigException metadata = assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(Map.of(
                "GATEWAY_KAFKA_S3_ENDPOINT", "http://169.254.169.254", "GATEWAY_PROVIDER_LOOPBACK", "true")));
        assertTrue(metadata.getMessage().contains("metadata"), metadata.getMessage());
        assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(Map.of(
                "GATEWAY_KAFKA_S3_ENDPOINT", "http://minio.internal:9000")));
    }

    @Test
    void trusted_proxies_are_read_from_the_environment_or_the_file_and_by_default_none() throws IOException {
        assertTrue(GatewayConfigLoader.load(Map.of()).trustedProxies().isEmpty());
        assertEquals(TrustedProxies.parse("10.0.0.0/8,fd00::/8"), GatewayConfigLoader.load(Map.of(
                "GATEWAY_TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8")).trustedProxies());
        Path file = Files.writeString(dir.resolve("proxies.yaml"), "trustedProxies: 192.168.0.0/16\n");
        assertTrue(GatewayConfigLoader.load(Map.of("GATEWAY_CONFIG", file.toString())).trustedProxies()
                .trusts("192.168.10.1"));
    }

    @Test
    void a_trusted_proxy_entry_that_is_not_an_address_stops_start_up_naming_it_and_its_source() {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(Map.of(
                "GATEWAY_TRUSTED_PROXIES", "10.0.0.0/8,lb.internal")));
        assertTrue(e.getMessage().startsWith("GATEWAY_TRUSTED_PROXIES: 'lb.internal' is not an IP address"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("(from environment variable GATEWAY_TRUSTED_PROXIES)"), e.getMessage());
    }

    @Test
    void residency_binds_no_region_by_default_and_reads_its_regions_and_hosts() {
        assertEquals(Residency.NONE, GatewayConfigLoader.load(Map.of()).residency());
        Residency eu = GatewayConfigLoader.load(Map.of("GATEWAY_RESIDENCY_REGIONS", "eu-west, eu-central",
                "GATEWAY_RESIDENCY_PROVIDER_HOSTS", "*.eu-west-1.amazonaws.com, EU-DocumentAI.googleapis.com"))
                .residency();
        assertEquals(Set.of("eu-west", "eu-central"), eu.regions());
        assertTrue(eu.allows("textract.eu-west-1.amazonaws.com") && eu.allows("eu-documentai.googleapis.com"));
        assertEquals(List.of(), GatewayConfigLoader.load(Map.of("GATEWAY_RESIDENCY_REGIONS", "eu-west"))
                .residency().hosts(), "regions alone: only providers inside the replica");
    }

    @Test
    void residency_hosts_without_regions_or_that_are_not_hosts_stop_start_up() {
        ConfigException alone = assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(Map.of(
                "GATEWAY_RESIDENCY_PROVIDER_HOSTS", "*.eu-west-1.amazonaws.com")));
        assertTrue(alone.getMessage().contains("needs GATEWAY_RESIDENCY_REGIONS"), alone.getMessage());
        ConfigException url = assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(Map.of(
                "GATEWAY_RESIDENCY_REGIONS", "eu-west",
                "GATEWAY_RESIDENCY_PROVIDER_HOSTS", "https://textract.eu-west-1.amazonaws.com")));
        assertTrue(url.getMessage().startsWith("GATEWAY_RESIDENCY_PROVIDER_HOSTS: 'https://textract.eu-west-1"),
                url.getMessage());
        assertTrue(url.getMessage().endsWith("(from environment variable GATEWAY_RESIDENCY_PROVIDER_HOSTS)"),
                url.getMessage());
    }
}
