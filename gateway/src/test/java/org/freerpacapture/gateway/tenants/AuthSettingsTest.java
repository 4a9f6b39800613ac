package org.freerpacapture.gateway.tenants;

import org.freerpacapture.gateway.config.ConfigException;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.config.GatewayConfigLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The authentication settings as the loader reads them: off by default, on by one setting, refused when half set. */
class AuthSettingsTest {

    private static final Map<String, String> JWT = Map.of(
            "GATEWAY_AUTH", "jwt",
            "GATEWAY_JWT_JWKS", "https://idp.example.com/realms/rpa/protocol/openid-connect/certs",
            "GATEWAY_JWT_ISSUER", "https://idp.example.com/realms/rpa",
            "GATEWAY_JWT_AUDIENCE", "rpa-vision-gateway, ocr");

    @Test
    void authentication_is_off_unless_asked_for() {
        assertFalse(GatewayConfig.defaults().auth().enabled());
        assertFalse(GatewayConfigLoader.load(Map.of()).auth().enabled());
        assertFalse(GatewayConfigLoader.load(Map.of("GATEWAY_AUTH", "off")).auth().enabled());
    }

    @Test
    void api_keys_and_jwts_are_read_with_their_defaults() {
        AuthSettings keys = GatewayConfigLoader.load(Map.of("GATEWAY_AUTH", "api-key",
                "GATEWAY_API_KEYS_FILE", "/run/secrets/gateway/api-keys.json")).auth();
        assertEquals(Set.of(AuthSettings.Method.API_KEY), keys.methods());
        assertEquals(Path.of("/run/secrets/gateway/api-keys.json"), keys.apiKeysFile());

        AuthSettings both = GatewayConfigLoader.load(with(JWT, "GATEWAY_AUTH", "api-key,jwt",
                "GATEWAY_API_KEYS_FILE", "/run/secrets/keys.json")).auth();
        assertEquals(Set.of(AuthSettings.Method.API_KEY, AuthSettings.Method.JWT), both.methods());
        assertEquals(List.of("rpa-vision-gateway", "ocr"), both.jwt().audiences());
        assertEquals("tenant", both.jwt().tenantClaim());
        assertEquals(Duration.ofMinutes(5), both.jwt().refresh());
        assertTrue(both.jwt().jwks().url() != null);

        AuthSettings file = GatewayConfigLoader.load(with(JWT, "GATEWAY_JWT_JWKS", "/etc/gateway/jwks.json",
                "GATEWAY_JWT_TENANT_CLAIM", "https://rpa.example.com/tenant", "GATEWAY_JWT_JWKS_REFRESH", "1m"))
                .auth();
        assertEquals(Path.of("/etc/gateway/jwks.json"), file.jwt().jwks().file());
        assertEquals("https://rpa.example.com/tenant", file.jwt().tenantClaim());
        assertEquals(Duration.ofMinutes(1), file.jwt().refresh());
    }

    @Test
    void a_half_configured_method_stops_start_up_naming_what_is_missing() {
        assertTrue(refusal(Map.of("GATEWAY_AUTH", "api-keys")).contains("GATEWAY_AUTH"));
        assertTrue(refusal(Map.of("GATEWAY_AUTH", "api-key")).contains("GATEWAY_API_KEYS_FILE"));
        for (String needed : List.of("GATEWAY_JWT_JWKS", "GATEWAY_JWT_ISSUER", "GATEWAY_JWT_AUDIENCE")) {
            Map<String, String> env = new java.util.HashMap<>(JWT);
            env.remove(needed);
            assertTrue(refusal(env).contains(needed), needed);
        }
        assertTrue(refusal(with(JWT, "GATEWAY_JWT_AUDIENCE", " , ")).contains("GATEWAY_JWT_AUDIENCE"));
    }

    @Test
    void a_jwks_url_follows_the_provider_endpoint_rules() {
        assertTrue(refusal(with(JWT, "GATEWAY_JWT_JWKS", "http://idp.example.com/certs")).contains("GATEWAY_JWT_JWKS"));
        assertTrue(refusal(with(JWT, "GATEWAY_JWT_JWKS", "http://127.0.0.1:8443/certs"))
                .contains("GATEWAY_JWT_JWKS"));
        assertEquals("127.0.0.1", GatewayConfigLoader.load(with(JWT, "GATEWAY_JWT_JWKS", "http://127.0.0.1:8443/certs",
                "GATEWAY_PROVIDER_LOOPBACK", "true")).auth().jwt().jwks().url().getHost());
    }

    private static String refusal(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(env)).getMessage();
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> out = new java.util.HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
