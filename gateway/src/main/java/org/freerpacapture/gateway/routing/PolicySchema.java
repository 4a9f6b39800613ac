package org.freerpacapture.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The JSON Schema (draft 2020-12) of the policy document, as served at {@code GET /admin/routing/schema} and as
 * used by {@link PolicyValidator} for structure. Loaded once from the classpath.
 */
public final class PolicySchema {

    /** Classpath location of the schema. */
    public static final String RESOURCE = "org/freerpacapture/gateway/routing/policy.schema.json";

    private static final String TEXT = load();
    private static final JsonSchema COMPILED = compile(TEXT);

    private PolicySchema() {
    }

    /** The schema document, for operators and editors. Media type {@code application/schema+json}. */
    public static String text() {
        return TEXT;
    }

    static JsonSchema compiled() {
        return COMPILED;
    }

    private static String load() {
        try (InputStream in = PolicySchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema compile(String text) {
        JsonNode node = PolicyJson.readTree(text);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .locale(Locale.ROOT)
                .formatAssertionsEnabled(true)
                .build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node, config);
    }
}
