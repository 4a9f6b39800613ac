package org.freerpacapture.gateway.routing;

import org.freerpacapture.gateway.config.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The policy on disk, for a gateway running alone. Blocking file IO: call from a worker, never an event loop.
 */
public final class PolicyFile {

    private PolicyFile() {
    }

    /**
     * Reads and validates a policy file.
     *
     * @throws PolicyFileException naming the file and, when invalid, every error with its JSON pointer
     */
    public static RoutingPolicy load(Path path) {
        String json;
        try {
            json = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyFileException(path, e);
        }
        try {
            return RoutingPolicy.parse(json);
        } catch (InvalidPolicyException e) {
            throw new PolicyFileException(path, e.errors());
        }
    }

    /** Reads the file if it exists, else the {@link RoutingPolicy#defaultPolicy() default policy}. */
    public static RoutingPolicy loadOrDefault(Path path) {
        return Files.exists(path) ? load(path) : RoutingPolicy.defaultPolicy();
    }

    /**
     * Writes the policy so that a reader (or a crash) sees either the old file or the new one, never a part: the
     * text goes to a temporary file in the same directory, is forced to disk, and is renamed over the target.
     */
    public static void save(Path path, RoutingPolicy policy) throws IOException {
        AtomicFile.write(path, (policy.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
