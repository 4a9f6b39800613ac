package org.freerpacapture.gateway.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyFileTest {

    @TempDir
    Path dir;

    @Test
    void saves_and_loads_the_same_policy_leaving_no_temporary_file() throws IOException {
        Path file = dir.resolve("routing.json");
        RoutingPolicy p = RoutingPolicy.parse(Policies.architectureExample());
        PolicyFile.save(file, p);
        PolicyFile.save(file, p.withVersion(8));
        assertEquals(p.withVersion(8), PolicyFile.load(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void creates_missing_directories() throws IOException {
        Path file = dir.resolve("etc/gateway/routing.json");
        PolicyFile.save(file, RoutingPolicy.defaultPolicy());
        assertEquals(RoutingPolicy.defaultPolicy(), PolicyFile.load(file));
    }

    @Test
    void an_invalid_file_names_itself_and_every_error_pointer() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, Policies.ab(-1, 0).replace("\"match\": {}", "\"match\": {\"task\": [\"screen\"]}"));
        PolicyFileException e = assertThrows(PolicyFileException.class, () -> PolicyFile.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("/routes/0/variants/0/weight"), e.getMessage());
        assertTrue(e.getMessage().contains("/routes:"), e.getMessage());
        assertEquals(2, e.errors().size());
        assertEquals(file, e.path());
    }

    @Test
    void malformed_json_names_the_line() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\n\"providers\": }");
        PolicyFileException e = assertThrows(PolicyFileException.class, () -> PolicyFile.load(file));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void a_missing_file_is_an_error_naming_it_or_the_default_when_asked() {
        Path file = dir.resolve("none.json");
        PolicyFileException e = assertThrows(PolicyFileException.class, () -> PolicyFile.load(file));
        assertTrue(e.getMessage().contains(file.toString()));
        assertEquals(RoutingPolicy.defaultPolicy(), PolicyFile.loadOrDefault(file));
    }
}
