package org.freerpacapture.gateway.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with the {@code openssl} binary, by the same commands docs/configuration.md
 * gives operators: a CA, and leaf certificates it signs (EC P-256, PEM, PKCS#8 keys).
 */
final class TestCertificates {

    /** A certificate and its key, as PEM files. */
    record Issued(Path certificate, Path key) {
    }

    private final Path dir;

    TestCertificates(Path dir) {
        this.dir = dir;
    }

    static boolean opensslAvailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A self-signed CA named {@code name}. */
    Issued ca(String name) throws Exception {
        Issued ca = new Issued(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", ca.key().toString(), "-out", ca.certificate().toString(), "-days", "2",
                "-subj", "/CN=" + name);
        return ca;
    }

    /** A leaf for {@code commonName}, valid for localhost and 127.0.0.1, signed by {@code ca}. */
    Issued issue(Issued ca, String name, String commonName) throws Exception {
        Issued leaf = new Issued(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
        Path csr = dir.resolve(name + ".csr");
        Path ext = Files.writeString(dir.resolve(name + ".ext"),
                "subjectAltName=DNS:localhost,IP:127.0.0.1\n", StandardCharsets.US_ASCII);
        run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", leaf.key().toString(), "-out", csr.toString(), "-subj", "/CN=" + commonName);
        run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.certificate().toString(),
                "-CAkey", ca.key().toString(), "-CAcreateserial", "-out", leaf.certificate().toString(),
                "-days", "2", "-extfile", ext.toString());
        return leaf;
    }

    private void run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", new ArrayList<>(List.of(command))) + " failed: " + out);
        }
    }
}
