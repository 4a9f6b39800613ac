package org.freerpacapture.adapters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SecretRefTest {

    private static final String SECRET = "s3cr3t-value-0123456789";

    @Test
    void should_resolve_an_environment_variable_without_showing_it() {
        SecretRef ref = SecretRef.secret("env:AZURE_DI_KEY");
        assertEquals(SECRET, ref.resolve(Map.of("AZURE_DI_KEY", SECRET)::get));
        assertEquals("env:AZURE_DI_KEY", ref.toString());
    }

    @Test
    void should_resolve_a_file_trimmed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, SECRET + "\n");
        SecretRef ref = SecretRef.secret("file:" + file);
        assertEquals(SECRET, ref.resolve());
        assertFalse(ref.toString().contains(SECRET));
    }

    @Test
    void should_name_the_reference_but_not_a_value_when_it_cannot_resolve() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> SecretRef.secret("env:NOPE_NOT_SET").resolve(Map.<String, String>of()::get));
        assertEquals("environment variable NOPE_NOT_SET is not set", missing.getMessage());

        IllegalStateException unreadable = assertThrows(IllegalStateException.class,
                () -> SecretRef.secret("file:/nonexistent/key").resolve());
        assertEquals("cannot read file /nonexistent/key (NoSuchFileException)", unreadable.getMessage());
    }

    @Test
    void should_refuse_a_literal_secret_without_echoing_it() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecretRef.secret(SECRET));
        assertFalse(e.getMessage().contains(SECRET));
    }

    @Test
    void should_pass_a_literal_for_non_secret_values_and_hide_it_in_to_string() {
        SecretRef ref = SecretRef.parse("https://example.cognitiveservices.azure.com");
        assertEquals(SecretRef.Source.LITERAL, ref.source());
        assertEquals("https://example.cognitiveservices.azure.com", ref.resolve());
        assertEquals("literal", ref.toString());
    }
}
