package org.freerpacapture.models;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The packaged model files and their manifest ({@code models/manifest.json}).
 *
 * <p>Every read goes through {@link #read(String)}, which checks size and SHA-256 against the manifest,
 * so a corrupted or swapped file stops the engine with a message naming the file and both checksums.
 */
public final class ModelManifest {
    static final String MANIFEST_RESOURCE = "/org/freerpacapture/models/manifest.json";
    static final String FILES_RESOURCE_DIR = "/org/freerpacapture/models/files/";

    private record Document(Source source, List<ModelFile> models) {
    }

    /** Where the set as a whole comes from. */
    public record Source(String artifact, String repository, String licence, String upstream) {
    }

    private final Source source;
    private final List<ModelFile> files;

    private ModelManifest(Source source, List<ModelFile> files) {
        this.source = source;
        this.files = List.copyOf(files);
    }

    /** Loads the manifest packaged with this module. */
    public static ModelManifest load() {
        try (InputStream in = ModelManifest.class.getResourceAsStream(MANIFEST_RESOURCE)) {
            if (in == null) {
                throw new ModelIntegrityException("model manifest " + MANIFEST_RESOURCE + " is not on the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model manifest", e);
        }
    }

    static ModelManifest parse(InputStream in) throws IOException {
        Document doc = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .readValue(in, Document.class);
        return new ModelManifest(doc.source(), doc.models());
    }

    public Source source() {
        return source;
    }

    public List<ModelFile> files() {
        return files;
    }

    public ModelFile file(String id) {
        return files.stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no model '" + id + "' in the manifest"));
    }

    /** Reads a packaged model file and verifies it against the manifest. */
    public byte[] read(String id) {
        ModelFile file = file(id);
        String resource = FILES_RESOURCE_DIR + file.file();
        try (InputStream in = ModelManifest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ModelIntegrityException("model file " + file.file() + " is missing (expected sha256 "
                        + file.sha256() + ", looked for classpath resource " + resource + ")");
            }
            byte[] bytes = in.readAllBytes();
            verify(file, bytes);
            return bytes;
        } catch (IOException e) {
            throw new ModelIntegrityException("model file " + file.file() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Throws when the bytes are not the file the manifest describes. */
    public static void verify(ModelFile file, byte[] bytes) {
        String actual = sha256(bytes);
        if (!actual.equals(file.sha256()) || bytes.length != file.size()) {
            throw new ModelIntegrityException("model file " + file.file() + " is corrupted: expected sha256 "
                    + file.sha256() + " (" + file.size() + " bytes), found sha256 " + actual
                    + " (" + bytes.length + " bytes)");
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
