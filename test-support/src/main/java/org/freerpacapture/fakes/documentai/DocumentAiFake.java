package org.freerpacapture.fakes.documentai;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.freerpacapture.fakes.FaultPlan;
import org.freerpacapture.fakes.SamplePage;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback Google Document AI v1 with its own OAuth token endpoint.
 *
 * <ul>
 *   <li>{@code POST /token}: the JWT-bearer grant; the assertion must be signed by the trusted service account's
 *       key, be addressed to this URL and live at most an hour. Answers {@code {access_token, expires_in,
 *       token_type}}.</li>
 *   <li>{@code POST /v1/projects/P/locations/L/processors/X:process} (also {@code .../processorVersions/V:process}):
 *       needs a bearer token this fake issued, and {@code rawDocument {content, mimeType}}. Answers a
 *       {@code Document} with text, pages (one per sample page; a PDF gets as many pages as it has page objects),
 *       lines, tokens, form fields and tables. Errors are {@code google.rpc.Status} bodies.</li>
 * </ul>
 */
public final class DocumentAiFake implements AutoCloseable {

    /** The larger of the limits Google has published for online processing; see the contract. */
    public static final int MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
    public static final int MAX_PAGES = 15;
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

    private static final Pattern PROCESS = Pattern.compile(
            "/v1/projects/([^/]+)/locations/([^/]+)/processors/([^/:]+)(?:/processorVersions/([^/:]+))?:process");
    private static final Pattern PDF_PAGE = Pattern.compile("/Type\\s*/Page(?![a-zA-Z])");
    private static final Set<String> MIME_TYPES = Set.of("application/pdf", "image/gif", "image/tiff",
            "image/jpeg", "image/png", "image/bmp", "image/webp");
    /** A PDF page as the service reports it: US letter at 200 dpi. */
    private static final int PDF_WIDTH = 1700;
    private static final int PDF_HEIGHT = 2200;

    private final Vertx vertx;
    private final ServiceAccountKeys trusted;
    private final HttpServer server;
    private final FaultPlan faults = new FaultPlan();
    private final FaultPlan tokenFaults = new FaultPlan();
    private final List<DocumentAiCall> calls = new CopyOnWriteArrayList<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile List<SamplePage> pages = List.of(SamplePage.receipt());
    private volatile Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;

    private DocumentAiFake(Vertx vertx, ServiceAccountKeys trusted) {
        this.vertx = vertx;
        this.trusted = trusted;
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(2L * MAX_DOCUMENT_BYTES)
                .setHandleFileUploads(false));
        router.post("/token").handler(this::token);
        router.postWithRegex(PROCESS.pattern()).handler(this::process);
        this.server = vertx.createHttpServer().requestHandler(router);
    }

    /** Starts on a free loopback port, trusting assertions signed by {@code trusted}. */
    public static Future<DocumentAiFake> start(Vertx vertx, ServiceAccountKeys trusted) {
        return start(vertx, 0, trusted);
    }

    public static Future<DocumentAiFake> start(Vertx vertx, int port, ServiceAccountKeys trusted) {
        DocumentAiFake fake = new DocumentAiFake(vertx, trusted);
        return fake.server.listen(port, "127.0.0.1").map(s -> fake);
    }

    public int port() {
        return server.actualPort();
    }

    /** The API base URL, for the adapter's {@code endpoint}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The token URL, for the key file's {@code token_uri}. */
    public String tokenUri() {
        return endpoint() + "/token";
    }

    /** Faults for the next {@code :process} calls. */
    public FaultPlan faults() {
        return faults;
    }

    /** Faults for the next token exchanges. */
    public FaultPlan tokenFaults() {
        return tokenFaults;
    }

    /** What documents read: page 1 is the first sample, and so on, cycling. */
    public DocumentAiFake pages(List<SamplePage> samples) {
        pages = List.copyOf(samples);
        return this;
    }

    /** The {@code expires_in} of tokens issued from now on. */
    public DocumentAiFake tokenLifetime(Duration lifetime) {
        tokenLifetime = lifetime;
        return this;
    }

    /** Makes every token issued so far invalid, as when a key is rotated or a token revoked. */
    public void revokeTokens() {
        validTokens.clear();
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    /** {@code :process} calls that passed authentication, oldest first. */
    public List<DocumentAiCall> calls() {
        return List.copyOf(calls);
    }

    public Future<Void> stop() {
        return server.close();
    }

    @Override
    public void close() {
        server.close();
    }

    private void token(RoutingContext ctx) {
        later(ctx, tokenFaults, () -> {
            var fault = tokenFaults.next();
            if (fault.isPresent() && fault.get().kind() != FaultPlan.Kind.ERROR) {
                inject(ctx, fault.get());
                return;
            }
            if (fault.isPresent()) {
                oauthError(ctx, fault.get().status(), fault.get().code(), fault.get().message());
                return;
            }
            if (!JwtBearerGrant.GRANT_TYPE.equals(ctx.request().getFormAttribute("grant_type"))) {
                oauthError(ctx, 400, "unsupported_grant_type", "Invalid grant_type");
                return;
            }
            try {
                JwtBearerGrant.verify(ctx.request().getFormAttribute("assertion"), trusted.clientEmail(),
                        trusted.keys().getPublic(), tokenUri(), Instant.now());
            } catch (JwtBearerGrant.Refused e) {
                oauthError(ctx, 400, "invalid_grant", e.getMessage());
                return;
            }
            String token = "ya29.fake-" + tokensIssued.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
            validTokens.add(token);
            json(ctx, 200, new JsonObject().put("access_token", token)
                    .put("expires_in", tokenLifetime.toSeconds()).put("token_type", "Bearer").encode());
        });
    }

    private void process(RoutingContext ctx) {
        later(ctx, faults, () -> {
            String authorization = ctx.request().getHeader("Authorization");
            String token = authorization != null && authorization.startsWith("Bearer ")
                    ? authorization.substring(7).trim() : null;
            if (token == null || !validTokens.contains(token)) {
                status(ctx, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 "
                        + "access token, login cookie or other valid authentication credential.", null);
                return;
            }
            Matcher path = PROCESS.matcher(ctx.request().path());
            if (!path.matches()) {
                status(ctx, 404, "NOT_FOUND", "Not found", null);
                return;
            }
            JsonObject raw;
            try {
                JsonObject body = ctx.body().asJsonObject();
                raw = body == null ? null : body.getJsonObject("rawDocument");
            } catch (DecodeException | ClassCastException e) {
                status(ctx, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.", null);
                return;
            }
            if (raw == null || raw.getString("content") == null) {
                status(ctx, 400, "INVALID_ARGUMENT", "Request contains an invalid argument.", null);
                return;
            }
            String mimeType = raw.getString("mimeType");
            if (!MIME_TYPES.contains(mimeType)) {
                status(ctx, 400, "INVALID_ARGUMENT", "Unsupported input file format.", null);
                return;
            }
            byte[] content;
            try {
                content = Base64.getDecoder().decode(raw.getString("content"));
            } catch (IllegalArgumentException e) {
                status(ctx, 400, "INVALID_ARGUMENT", "Invalid value at 'raw_document.content' (TYPE_BYTES)", null);
                return;
            }
            calls.add(new DocumentAiCall(path.group(1), path.group(2), path.group(3), mimeType, content.length, token));
            var fault = faults.next();
            if (fault.isPresent()) {
                inject(ctx, fault.get());
                return;
            }
            if (content.length > MAX_DOCUMENT_BYTES) {
                status(ctx, 400, "INVALID_ARGUMENT", "Document size exceeds the limit for online processing.", null);
                return;
            }
            vertx.executeBlocking(() -> pageSpecs(mimeType, content), false)
                    .onSuccess(specs -> {
                        if (specs.size() > MAX_PAGES) {
                            status(ctx, 400, "INVALID_ARGUMENT", "Document pages exceed the limit: " + specs.size()
                                    + " got, " + MAX_PAGES + " allowed.", null);
                        } else {
                            json(ctx, 200, new JsonObject().put("document",
                                    DocumentAiDocuments.document(mimeType, specs)).encode());
                        }
                    })
                    .onFailure(e -> status(ctx, 400, "INVALID_ARGUMENT", "Unable to process the document.", null));
        });
    }

    /** Pages the answer reports: their count from the file, their content from the samples. */
    private List<DocumentAiDocuments.PageSpec> pageSpecs(String mimeType, byte[] content) throws IOException {
        List<SamplePage> samples = pages;
        List<DocumentAiDocuments.PageSpec> specs = new ArrayList<>();
        if ("application/pdf".equals(mimeType)) {
            Matcher m = PDF_PAGE.matcher(new String(content, StandardCharsets.ISO_8859_1));
            int count = 0;
            while (m.find()) {
                count++;
            }
            for (int i = 0; i < Math.max(1, count); i++) {
                specs.add(new DocumentAiDocuments.PageSpec(samples.get(i % samples.size()), PDF_WIDTH, PDF_HEIGHT));
            }
            return specs;
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(content))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException("not an image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                specs.add(new DocumentAiDocuments.PageSpec(samples.get(0), reader.getWidth(0), reader.getHeight(0)));
            } finally {
                reader.dispose();
            }
        }
        return specs;
    }

    private void later(RoutingContext ctx, FaultPlan plan, Runnable answer) {
        Duration delay = plan.latency();
        if (delay.isZero()) {
            answer.run();
        } else {
            vertx.setTimer(delay.toMillis(), t -> answer.run());
        }
    }

    private static void inject(RoutingContext ctx, FaultPlan.Fault fault) {
        switch (fault.kind()) {
            case THROTTLE -> status(ctx, 429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Online "
                    + "processing requests' of service 'documentai.googleapis.com'.", fault.retryAfter());
            case SERVER_ERROR -> status(ctx, 500, "INTERNAL", "Internal error encountered.", fault.retryAfter());
            case MALFORMED_JSON -> json(ctx, 200, "{\"document\":{\"text\":\"Hel");
            case DROP_CONNECTION -> ctx.request().connection().close();
            case ERROR -> status(ctx, fault.status(), fault.code(), fault.message(), fault.retryAfter());
        }
    }

    private static void status(RoutingContext ctx, int code, String status, String message, Duration retryAfter) {
        if (retryAfter != null) {
            ctx.response().putHeader("Retry-After", Long.toString(retryAfter.toSeconds()));
        }
        json(ctx, code, new JsonObject().put("error", new JsonObject()
                .put("code", code).put("message", message).put("status", status)).encode());
    }

    private static void oauthError(RoutingContext ctx, int code, String error, String description) {
        json(ctx, code, new JsonObject().put("error", error).put("error_description", description).encode());
    }

    private static void json(RoutingContext ctx, int code, String body) {
        ctx.response().setStatusCode(code).putHeader("Content-Type", "application/json; charset=UTF-8").end(body);
    }

    /**
     * Runs the fake by hand: {@code DocumentAiFake [port] [key-file]}. Writes a fresh service-account key file
     * whose {@code token_uri} is this fake (to {@code key-file}, or a temp file) and prints its path.
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        ServiceAccountKeys keys = ServiceAccountKeys.generate("gateway@fake-project.iam.gserviceaccount.com",
                "fake-project");
        Vertx vertx = Vertx.vertx();
        DocumentAiFake fake = start(vertx, port, keys).await();
        Path keyFile = args.length > 1 ? Path.of(args[1]) : Files.createTempFile("document-ai-fake-key", ".json");
        Files.writeString(keyFile, keys.json(fake.tokenUri()));
        System.out.println("Document AI fake listening on " + fake.endpoint());
        System.out.println("service-account key file: " + keyFile);
    }
}
