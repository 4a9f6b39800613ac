package org.freerpacapture.gateway.support;

import org.freerpacapture.gateway.GatewayMain;
import org.freerpacapture.gateway.http.HttpApi;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as its own process ({@link GatewayMain} on the test class path), as an orchestrator runs it: started
 * with settings in its environment, ended with SIGTERM or SIGKILL.
 */
public final class GatewayProcess implements AutoCloseable {

    public final int port;
    public final int adminPort;
    private final Process process;
    private final Path log;

    private GatewayProcess(int port, int adminPort, Process process, Path log) {
        this.port = port;
        this.adminPort = adminPort;
        this.process = process;
        this.log = log;
    }

    /** Starts on two free loopback ports with {@code env} added; its output goes to {@code log}. */
    public static GatewayProcess start(Map<String, String> env, Path log) throws IOException {
        int port = freePort();
        int adminPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), GatewayMain.class.getName())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> all = new HashMap<>(Map.of("GATEWAY_HOST", "127.0.0.1",
                "GATEWAY_HTTP_PORT", String.valueOf(port), "GATEWAY_ADMIN_PORT", String.valueOf(adminPort)));
        all.putAll(env);
        builder.environment().putAll(all);
        return new GatewayProcess(port, adminPort, builder.start(), log);
    }

    /** Waits until {@code /health/ready} answers 200. */
    public GatewayProcess awaitReady(Duration timeout) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + port + HttpApi.HEALTH_READY);
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway process ended with " + process.exitValue() + "; its log ends:\n"
                        + logTail());
            }
            try {
                if (client.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the gateway process was not ready within " + timeout.toSeconds() + " s; its log"
                + " ends:\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** SIGTERM: the gateway drains and exits. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: the gateway ends at once, nothing drained or flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
