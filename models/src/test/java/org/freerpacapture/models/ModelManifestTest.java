package org.freerpacapture.models;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelManifestTest {

    @Test
    void every_listed_file_is_packaged_and_matches_its_checksum() {
        ModelManifest manifest = ModelManifest.load();
        assertEquals(8, manifest.files().size());
        for (ModelFile file : manifest.files()) {
            byte[] bytes = manifest.read(file.id());
            assertEquals(file.size(), bytes.length, file.file());
        }
    }

    @Test
    void corrupted_bytes_are_refused_with_the_file_name_and_both_checksums() {
        ModelFile keys = ModelManifest.load().file("ppocr-keys");
        byte[] corrupted = "not the dictionary".getBytes(StandardCharsets.UTF_8);
        ModelIntegrityException e = assertThrows(ModelIntegrityException.class,
                () -> ModelManifest.verify(keys, corrupted));
        assertTrue(e.getMessage().contains("ppocr_keys_v1.txt"), e.getMessage());
        assertTrue(e.getMessage().contains(keys.sha256()), e.getMessage());
        assertTrue(e.getMessage().contains(ModelManifest.sha256(corrupted)), e.getMessage());
    }

    @Test
    void sha256_is_lower_case_hex() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ModelManifest.sha256(new byte[0]));
        assertArrayEquals(new byte[0], new byte[0]);
    }
}
