package org.freerpacapture.gateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the image's build would find, checked after {@code mvn package} (this runs in the {@code integration-test}
 * phase of {@code mvn verify}): every path the Dockerfile copies exists, and the jar it copies into the run stage
 * holds every model file of {@code models/manifest.json}, so the image needs nothing at run time.
 */
class ContainerImageIT {

    private static final String MODEL_FILES = "org/freerpacapture/models/files/";

    /** Run on its own (-Dtest) in the test phase, the jar may not be built yet: only then is it skipped. */
    @BeforeAll
    static void afterPackage() {
        Assumptions.assumeTrue(Boolean.getBoolean("gateway.packaged"),
                "runs after package: mvn -B verify (its after-package execution) runs it");
    }

    @Test
    void every_path_the_dockerfile_copies_exists_after_the_build() throws IOException {
        Dockerfile dockerfile = Dockerfile.read();
        for (Dockerfile.Copy copy : dockerfile.copies()) {
            for (String source : copy.sources()) {
                Path path = copy.fromStage().map(stage -> inBuildStage(dockerfile, stage, source))
                        .orElse(Repo.ROOT.resolve(source));
                assertTrue(Files.exists(path), "COPY " + source + (copy.fromStage().map(s -> " from " + s).orElse(""))
                        + ": " + path + " does not exist after the build");
            }
        }
    }

    @Test
    void the_jar_in_the_image_holds_every_model_of_the_manifest() throws IOException, NoSuchAlgorithmException {
        JsonNode manifest = new ObjectMapper().readTree(Repo.ROOT.resolve("models/manifest.json").toFile());
        try (JarFile jar = new JarFile(Repo.ROOT.resolve("gateway/target/gateway.jar").toFile())) {
            assertNotNull(jar.getManifest().getMainAttributes().getValue("Main-Class"));
            for (JsonNode model : manifest.path("models")) {
                String file = model.path("file").asText();
                JarEntry entry = jar.getJarEntry(MODEL_FILES + file);
                assertNotNull(entry, "gateway.jar lacks " + MODEL_FILES + file);
                assertEquals(model.path("sha256").asText(), sha256(jar, entry), file);
            }
        }
    }

    /** A build stage's absolute path, found in the repository: the stage works in a copy of it. */
    private static Path inBuildStage(Dockerfile dockerfile, String stage, String source) {
        int index = dockerfile.stageNames().indexOf(stage);
        assertTrue(index >= 0, "COPY --from=" + stage + " names no stage");
        String workdir = dockerfile.workdir(index);
        assertTrue(source.startsWith(workdir + "/"), source + " is outside the " + stage + " stage's " + workdir);
        return Repo.ROOT.resolve(source.substring(workdir.length() + 1));
    }

    private static String sha256(JarFile jar, JarEntry entry) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(jar.getInputStream(entry), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
