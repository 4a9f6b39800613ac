package org.freerpacapture.gateway.admin;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The operator console's files ({@code /console/...} on the admin port), read from the gateway's classpath
 * ({@code console/} in the jar), never from the working directory. They hold no data, so they are served without
 * the admin token; every call the page makes for data goes to the admin API with it. Every answer carries a strict
 * Content-Security-Policy: scripts, styles and connections only from this origin, no inline code, no framing.
 */
final class ConsoleAssets {

    static final String PATH = "/console";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** Names the console may ask for: no dot segments, no other directory than one level of views. */
    private static final Pattern NAME = Pattern.compile("([a-z0-9-]+/)?[a-z0-9-]+\\.(html|js|css|svg|txt)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "txt", "text/plain; charset=utf-8");

    private final Vertx vertx;
    private final Map<String, Optional<Buffer>> loaded = new ConcurrentHashMap<>();

    ConsoleAssets(Vertx vertx) {
        this.vertx = vertx;
    }

    /** {@code GET /console} (to {@code /console/}) and {@code GET /console/...}. */
    void install(Router router) {
        router.get(PATH).handler(ctx -> {
            if (!ctx.request().path().equals(PATH)) {
                ctx.next(); // the router lets "/console/" match "/console" too
                return;
            }
            secure(ctx.response()).setStatusCode(301).putHeader("Location", PATH + "/").end();
        });
        router.get(PATH + "/*").handler(this::serve);
    }

    private void serve(RoutingContext ctx) {
        String name = ctx.request().path().substring(PATH.length() + 1);
        String file = name.isEmpty() ? "index.html" : name;
        secure(ctx.response());
        if (!NAME.matcher(file).matches()) {
            AdminJson.error(ctx, 404, "not_found", "no such console file");
            return;
        }
        Optional<Buffer> cached = loaded.get(file);
        if (cached != null) {
            answer(ctx, file, cached);
            return;
        }
        // A classpath read is file I/O: off the event loop, once per file.
        vertx.executeBlocking(() -> read(file), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            loaded.putIfAbsent(file, ar.result());
            answer(ctx, file, ar.result());
        });
    }

    private static void answer(RoutingContext ctx, String file, Optional<Buffer> content) {
        if (content.isEmpty()) {
            AdminJson.error(ctx, 404, "not_found", "no such console file");
            return;
        }
        ctx.response().putHeader("Content-Type", TYPES.get(file.substring(file.lastIndexOf('.') + 1)))
                .putHeader("Cache-Control", "no-cache")
                .end(content.get());
    }

    static HttpServerResponse secure(HttpServerResponse response) {
        return response.putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer");
    }

    private static Optional<Buffer> read(String file) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream("/console/" + file)) {
            return in == null ? Optional.empty() : Optional.of(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
