package org.freerpacapture.gateway.tenants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.freerpacapture.gateway.config.AtomicFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The ledger's usage on disk ({@value #NAME} beside the routing policy file), so quotas and budgets survive a
 * restart. Written whole to a temporary file in the same directory and moved over the old one, so a crash leaves
 * the previous file or the new one, never half of either. Blocking file IO: never on an event loop.
 */
public final class UsageFile {

    /** The file's name, in the policy file's directory. */
    public static final String NAME = "usage.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final Path path;

    public UsageFile(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    /** The usage file beside {@code policyFile}. */
    public static UsageFile besidePolicy(Path policyFile) {
        Path dir = policyFile.toAbsolutePath().getParent();
        return new UsageFile(dir.resolve(NAME));
    }

    public Path path() {
        return path;
    }

    /** One tenant's usage as the file holds it. */
    record Entry(String day, long pagesToday, long pagesThisMonth, double spentUsd) {
    }

    /** The file's document. */
    record Document(Map<String, Entry> tenants) {
    }

    /** The saved usage by tenant; empty when there is no file yet. */
    public Map<String, Usage> load() throws IOException {
        if (!Files.exists(path)) {
            return Map.of();
        }
        try {
            Document doc = MAPPER.readValue(path.toFile(), Document.class);
            Map<String, Usage> out = new LinkedHashMap<>();
            if (doc.tenants() != null) {
                doc.tenants().forEach((tenant, e) -> out.put(tenant, new Usage(LocalDate.parse(e.day()),
                        e.pagesToday(), e.pagesThisMonth(), Usage.nanoUsd(e.spentUsd()))));
            }
            return out;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IOException(path + ": not a usage file this gateway wrote (" + e.getMessage()
                    + "); move it away to start counting from zero", e);
        }
    }

    /** Writes {@code usage} atomically in place of the file. */
    public void save(Map<String, Usage> usage) throws IOException {
        Map<String, Entry> tenants = new LinkedHashMap<>();
        usage.forEach((tenant, u) -> tenants.put(tenant, new Entry(u.day().toString(), u.pagesToday(),
                u.pagesThisMonth(), u.spentUsd())));
        byte[] bytes = MAPPER.writeValueAsBytes(new Document(tenants));
        AtomicFile.write(path, bytes);
    }
}
