package org.freerpacapture.fakes.textract;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.freerpacapture.fakes.FaultPlan;
import org.freerpacapture.fakes.SampleLayout;
import org.freerpacapture.fakes.SamplePage;
import org.freerpacapture.fakes.SigV4Authorization;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback AWS Textract speaking AWS JSON 1.1: {@code POST /} with {@code X-Amz-Target:
 * Textract.DetectDocumentText} or {@code Textract.AnalyzeDocument}, a well-formed SigV4 header scoped to the
 * fake's region and service {@code textract} (its signature verified too for keys given to {@link #acceptKey}),
 * and {@code Document.Bytes} in base64.
 *
 * <p>Each call answers with the next of its {@link #pages(List) sample pages} (cycling), as the synchronous API
 * reads one page per call. Client errors and throttling ({@code ProvisionedThroughputExceededException}) are HTTP
 * 400, {@code InternalServerError} is 500, all with {@code {"__type","Message","Code"}}.
 */
public final class TextractFake implements AutoCloseable {

    public static final String DEFAULT_REGION = "us-east-1";
    /** The synchronous API's limit on decoded document bytes. */
    public static final int MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

    private static final String JSON_1_1 = "application/x-amz-json-1.1";
    private static final String DETECT = "Textract.DetectDocumentText";
    private static final String ANALYZE = "Textract.AnalyzeDocument";
    private static final Set<String> FEATURE_TYPES = Set.of("TABLES", "FORMS", "QUERIES", "SIGNATURES", "LAYOUT");

    private final Vertx vertx;
    /** Scheme, host and colon of {@link #endpoint()}. */
    private final String origin;
    private final String region;
    private final HttpServer server;
    private final FaultPlan faults = new FaultPlan();
    private final List<TextractCall> calls = new CopyOnWriteArrayList<>();
    /** Secrets by access key id, for the keys whose signatures the fake verifies. */
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile List<SamplePage> pages = List.of(SamplePage.receipt());
    private int served;

    private TextractFake(Vertx vertx, String region, HttpServerOptions options, String origin) {
        this.origin = origin;
        this.vertx = vertx;
        this.region = region;
        Router router = Router.router(vertx);
        // base64 inflates by 4/3; leave room so oversized documents reach the size check and get the service's error
        router.post("/").handler(BodyHandler.create().setBodyLimit(3L * MAX_DOCUMENT_BYTES)
                .setHandleFileUploads(false));
        router.post("/").handler(this::handle);
        this.server = vertx.createHttpServer(options).requestHandler(router)
                .connectionHandler(c -> connections.incrementAndGet());
    }

    /** Starts on a free loopback port, for region {@value #DEFAULT_REGION}. */
    public static Future<TextractFake> start(Vertx vertx) {
        return start(vertx, 0, DEFAULT_REGION);
    }

    public static Future<TextractFake> start(Vertx vertx, int port, String region) {
        TextractFake fake = new TextractFake(vertx, region, new HttpServerOptions(), "http://127.0.0.1:");
        return fake.server.listen(port, "127.0.0.1").map(s -> fake);
    }

    /**
     * Starts over TLS on a free loopback port, as AWS's endpoints are; its {@link #endpoint()} names the host
     * {@code localhost}, which {@code keyCert}'s certificate must be issued for.
     */
    public static Future<TextractFake> startTls(Vertx vertx, KeyCertOptions keyCert) {
        TextractFake fake = new TextractFake(vertx, DEFAULT_REGION,
                new HttpServerOptions().setSsl(true).setKeyCertOptions(keyCert), "https://localhost:");
        return fake.server.listen(0, "127.0.0.1").map(s -> fake);
    }

    public int port() {
        return server.actualPort();
    }

    /** The URL to give the SDK as its endpoint override. */
    public URI endpoint() {
        return URI.create(origin + port());
    }

    public String region() {
        return region;
    }

    /**
     * Makes the fake verify the signature of every call signed with {@code accessKeyId}, as AWS does, answering
     * {@code InvalidSignatureException} when it does not match the request as received. Calls signed with a key it
     * was not told of are checked for shape and scope only.
     */
    public TextractFake acceptKey(String accessKeyId, String secret) {
        secrets.put(accessKeyId, secret);
        return this;
    }

    /** Faults for the next calls. */
    public FaultPlan faults() {
        return faults;
    }

    /** What the next calls read, one page per call, in turn. */
    public synchronized TextractFake pages(List<SamplePage> samples) {
        pages = List.copyOf(samples);
        served = 0;
        return this;
    }

    /** Calls that passed the protocol checks, oldest first. */
    public List<TextractCall> calls() {
        return List.copyOf(calls);
    }

    /**
     * TCP connections accepted so far, so a test can tell a client that keeps its connection from one that drops
     * it.
     */
    public int connectionsAccepted() {
        return connections.get();
    }

    public Future<Void> stop() {
        return server.close();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(RoutingContext ctx) {
        Duration delay = faults.latency();
        if (delay.isZero()) {
            answer(ctx);
        } else {
            vertx.setTimer(delay.toMillis(), t -> answer(ctx));
        }
    }

    private void answer(RoutingContext ctx) {
        String target = ctx.request().getHeader("X-Amz-Target");
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.startsWith(JSON_1_1)) {
            error(ctx, 400, "SerializationException", "Expected Content-Type " + JSON_1_1, null);
            return;
        }
        if (!DETECT.equals(target) && !ANALYZE.equals(target)) {
            error(ctx, 400, "UnknownOperationException", "Unknown operation " + target, null);
            return;
        }
        SigV4Authorization auth;
        try {
            auth = SigV4Authorization.parse(ctx.request().getHeader("Authorization"));
        } catch (IllegalArgumentException e) {
            String type = ctx.request().getHeader("Authorization") == null
                    ? "MissingAuthenticationTokenException" : "IncompleteSignatureException";
            error(ctx, 400, type, e.getMessage(), null);
            return;
        }
        String amzDate = ctx.request().getHeader("X-Amz-Date");
        if (amzDate == null || !amzDate.matches("\\d{8}T\\d{6}Z") || !amzDate.startsWith(auth.date())) {
            error(ctx, 400, "IncompleteSignatureException", "X-Amz-Date is missing or not the credential's date", null);
            return;
        }
        if (!region.equals(auth.region()) || !"textract".equals(auth.service())) {
            error(ctx, 400, "InvalidSignatureException", "Credential should be scoped to a valid region and service "
                    + "textract, not '" + auth.region() + "/" + auth.service() + "'", null);
            return;
        }
        if (!auth.signedHeaders().contains("host") || !auth.signedHeaders().contains("x-amz-date")) {
            error(ctx, 400, "IncompleteSignatureException", "SignedHeaders must include host and x-amz-date", null);
            return;
        }
        String secret = secrets.get(auth.accessKeyId());
        Buffer received = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
        if (secret != null && !auth.verify(secret, "POST", ctx.request().path(), ctx.request().headers(), received)) {
            error(ctx, 400, "InvalidSignatureException", "The request signature we calculated does not match the "
                    + "signature you provided. Check your AWS Secret Access Key and signing method.", null);
            return;
        }

        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException e) {
            error(ctx, 400, "SerializationException", "Request body is not valid JSON", null);
            return;
        }
        JsonObject document = body == null ? null : body.getJsonObject("Document");
        String base64 = document == null ? null : document.getString("Bytes");
        if (base64 == null) {
            error(ctx, 400, "InvalidParameterException", "Request has invalid parameters", null);
            return;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "InvalidParameterException", "Document.Bytes is not valid base64", null);
            return;
        }
        List<String> features = body.getJsonArray("FeatureTypes", new JsonArray()).stream()
                .map(String::valueOf).toList();
        if (ANALYZE.equals(target) && (features.isEmpty() || !FEATURE_TYPES.containsAll(features))) {
            error(ctx, 400, "InvalidParameterException", "Request has invalid parameters", null);
            return;
        }
        calls.add(new TextractCall(target, features, bytes.length, auth.region(), auth.accessKeyId(),
                ctx.request().getHeader("traceparent"), sha256(bytes),
                ctx.request().getHeader("X-Amz-Security-Token")));

        var fault = faults.next();
        if (fault.isPresent()) {
            inject(ctx, fault.get());
            return;
        }
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            error(ctx, 400, "DocumentTooLargeException", "Document size exceeds the allowed limit", null);
            return;
        }
        if (!knownFormat(bytes)) {
            error(ctx, 400, "UnsupportedDocumentException", "Request has unsupported document format", null);
            return;
        }

        JsonArray blocks = TextractBlocks.of(SampleLayout.of(nextPage()),
                features.contains("FORMS"), features.contains("TABLES"));
        JsonObject response = new JsonObject().put("DocumentMetadata", new JsonObject().put("Pages", 1))
                .put("Blocks", blocks)
                .put(DETECT.equals(target) ? "DetectDocumentTextModelVersion" : "AnalyzeDocumentModelVersion", "1.0");
        respond(ctx, 200, response.encode());
    }

    private synchronized SamplePage nextPage() {
        return pages.get(served++ % pages.size());
    }

    private void inject(RoutingContext ctx, FaultPlan.Fault fault) {
        switch (fault.kind()) {
            case THROTTLE -> error(ctx, 400, "ProvisionedThroughputExceededException",
                    "Provisioned rate exceeded", fault.retryAfter());
            case SERVER_ERROR -> error(ctx, 500, "InternalServerError", "Internal server error", fault.retryAfter());
            case MALFORMED_JSON -> respond(ctx, 200, "{\"Blocks\":[{\"BlockType\":\"LINE\",");
            case DROP_CONNECTION -> ctx.request().connection().close();
            case ERROR -> error(ctx, fault.status(), fault.code(), fault.message(), fault.retryAfter());
        }
    }

    private static boolean knownFormat(byte[] b) {
        return startsWith(b, 0x89, 'P', 'N', 'G') || startsWith(b, 0xFF, 0xD8, 0xFF)
                || startsWith(b, '%', 'P', 'D', 'F')
                || startsWith(b, 'I', 'I', 42, 0) || startsWith(b, 'M', 'M', 0, 42);
    }

    private static boolean startsWith(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static void error(RoutingContext ctx, int status, String type, String message, Duration retryAfter) {
        if (retryAfter != null) {
            ctx.response().putHeader("Retry-After", Long.toString(retryAfter.toSeconds()));
        }
        respond(ctx, status, new JsonObject().put("__type", type).put("Message", message).put("Code", type).encode());
    }

    private static void respond(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", JSON_1_1)
                .putHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .end(body);
    }

    /** Runs the fake by hand: {@code TextractFake [port] [region]}. */
    /** Hex SHA-256, so a test can check the provider got the caller's bytes unchanged. */
    public static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        String region = args.length > 1 ? args[1] : DEFAULT_REGION;
        Vertx vertx = Vertx.vertx();
        start(vertx, port, region)
                .onSuccess(f -> System.out.println("Textract fake listening on " + f.endpoint()
                        + " (region " + region + ")"))
                .onFailure(e -> {
                    System.err.println("Textract fake did not start: " + e.getMessage());
                    vertx.close();
                });
    }
}
