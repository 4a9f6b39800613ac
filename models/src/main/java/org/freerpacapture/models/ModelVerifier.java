package org.freerpacapture.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step: checks every file the manifest lists in the unpacked models folder, so a corrupted download
 * stops the build instead of reaching a running gateway.
 */
public final class ModelVerifier {
    private ModelVerifier() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ModelVerifier <models-dir>");
        }
        Path dir = Path.of(args[0]);
        ModelManifest manifest = ModelManifest.load();
        for (ModelFile file : manifest.files()) {
            Path path = dir.resolve(file.file());
            if (!Files.isRegularFile(path)) {
                throw new ModelIntegrityException("model file " + file.file() + " is missing from " + dir
                        + " (expected sha256 " + file.sha256() + ", found none)");
            }
            ModelManifest.verify(file, Files.readAllBytes(path));
        }
        System.out.println("[models] " + manifest.files().size() + " model files verified against manifest.json");
    }
}
