package org.freerpacapture.adapters;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderSafetyTest {

    private static final ProviderSafety DEFAULTS = ProviderSafety.defaults();
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @ParameterizedTest
    @ValueSource(strings = {"env:GATEWAY_SECRET_AZURE_KEY", "env:AZURE_DI_KEY", "env:AWS_SECRET_ACCESS_KEY",
            "file:/run/secrets/azure/key", "file:/var/run/secrets/gcp/key.json"})
    void should_allow_references_under_the_default_prefixes_and_directories(String reference) {
        assertEquals(List.of(), DEFAULTS.check(Map.of("key", reference)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"env:GATEWAY_ADMIN_TOKEN", "env:HOME", "env:PATH", "env:GATEWAY_SECRE",
            "file:/etc/passwd", "file:/proc/self/environ", "file:/run/secrets/../../etc/shadow",
            "file:/run/secretsX/key", "file:/run/secrets", "file:run/secrets/key", "file:../run/secrets/key"})
    void should_refuse_references_outside_the_allowed_ones(String reference) {
        List<ProviderSafety.Problem> problems = DEFAULTS.check(Map.of("key", reference));
        assertEquals(1, problems.size(), reference);
        assertEquals("key", problems.get(0).key());
        assertTrue(problems.get(0).message().contains("GATEWAY_SECRET_")
                || problems.get(0).message().contains("/run/secrets"), problems.get(0).message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com", "file:///etc/passwd", "jar:file:/app.jar!/x", "gopher://x:70/_",
            "ftp://example.com/x", "ldap://example.com", "dict://x:11211/", "//example.com/no-scheme",
            "https://169.254.169.254/latest/meta-data/", "https://169.254.10.1", "https://[fe80::1]/",
            "https://[fe80::abcd%25eth0]/", "https://metadata.google.internal/computeMetadata/v1/",
            "https://METADATA.GOOGLE.INTERNAL./", "https://[fd00:ec2::254]/", "https://[::ffff:169.254.169.254]/",
            "https://2852039166/", "https://0xA9FEA9FE/", "https://169.254.43518/", "https://0251.0376.0251.0376/",
            "https://user:pw@example.com", "https://127.0.0.1", "http://localhost:8080", "https://[::1]/",
            "https://0.0.0.0/", "not a url at all"})
    void should_refuse_endpoints_that_are_not_public_https(String url) {
        List<ProviderSafety.Problem> problems = DEFAULTS.check(Map.of("endpoint", url));
        assertEquals(1, problems.size(), url);
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.endpoint("p", "endpoint", url), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://westeurope.api.cognitive.microsoft.com", "https://eu-documentai.googleapis.com",
            "https://textract.eu-west-1.amazonaws.com:443/", "https://10.20.0.5/"})
    void should_accept_https_endpoints(String url) {
        assertEquals(List.of(), DEFAULTS.check(Map.of("endpoint", url)));
        assertEquals(url, DEFAULTS.endpoint("p", "endpoint", url).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8089", "http://[::1]:80/", "http://localhost:9000", "https://127.0.0.1"})
    void should_accept_loopback_only_when_allowed(String url) {
        assertFalse(DEFAULTS.check(Map.of("endpoint", url)).isEmpty(), url);
        assertEquals(List.of(), DEFAULTS.withLoopback(true).check(Map.of("endpoint", url)), url);
    }

    @Test
    void should_keep_http_refused_to_other_hosts_when_loopback_is_allowed() {
        ProviderSafety fakes = DEFAULTS.withLoopback(true);
        assertEquals(1, fakes.check(Map.of("endpoint", "http://10.0.0.1:8080")).size());
        assertEquals(1, fakes.check(Map.of("endpoint", "http://169.254.169.254")).size());
    }

    @Test
    void should_check_urls_in_any_setting_and_in_nested_sections() {
        List<ProviderSafety.Problem> problems = DEFAULTS.check(Map.of(
                "tokenUrl", "gopher://evil:70/",
                "auth", Map.of("issuer", "http://169.254.169.254/")));
        assertEquals(List.of("auth/issuer", "tokenUrl"), problems.stream().map(ProviderSafety.Problem::key).sorted()
                .toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example#", "x.attacker.com/", "eu west", "us@evil"})
    void should_refuse_region_and_location_that_would_change_the_host(String value) {
        assertEquals(1, DEFAULTS.check(Map.of("region", value)).size(), value);
        assertEquals(1, DEFAULTS.check(Map.of("location", value)).size(), value);
        assertEquals(List.of(), DEFAULTS.check(Map.of("region", "eu-west-1", "location", "eu")));
    }

    @Test
    void should_refuse_a_key_file_outside_the_secret_directories_without_reading_it(@TempDir Path dir)
            throws Exception {
        Path key = Files.writeString(dir.resolve("admin-token"), "the-file-content-must-not-leak");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProviderFactory(vertx)
                .create("azure:x", Map.of("kind", "azure-di", "endpoint", "https://x.cognitiveservices.azure.com",
                        "key", "file:" + key)));
        assertTrue(e.getMessage().startsWith("provider azure:x: 'key' file:" + key + " is not allowed"),
                e.getMessage());
        assertFalse(e.getMessage().contains("must-not-leak"));
    }

    @Test
    void should_refuse_an_endpoint_reference_that_resolves_to_a_metadata_service() {
        // The reference itself is allowed; what it holds is judged once resolved.
        ProviderConfig config = ProviderConfig.of("azure:x", Map.of("endpoint", "env:AZURE_DI_META"));
        ProviderSafety safety = config.safety();
        assertEquals(List.of(), safety.check(config.values()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> safety.endpoint("azure:x", "endpoint", "http://169.254.169.254/latest"));
        assertEquals("provider azure:x: 'endpoint' names a cloud metadata service (169.254.169.254)", e.getMessage());
    }

    @Test
    void should_build_a_provider_from_an_allowed_key_file(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("azure.key"), "k-123");
        ProviderFactory factory = new ProviderFactory(vertx).withSafety(DEFAULTS.withSecretDir(dir));
        try (var provider = factory.create("azure:x", Map.of("kind", "azure-di",
                "endpoint", "https://x.cognitiveservices.azure.com", "key", "file:" + key))) {
            assertEquals("azure:x", provider.id());
        }
    }
}
