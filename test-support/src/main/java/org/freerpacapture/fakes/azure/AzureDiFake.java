package org.freerpacapture.fakes.azure;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.freerpacapture.fakes.FaultPlan;
import org.freerpacapture.fakes.SamplePage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback Azure AI Document Intelligence that follows the REST contract: {@code POST
 * /{documentintelligence|formrecognizer}/documentModels/{model}:analyze?api-version=...} checks the
 * {@code Ocp-Apim-Subscription-Key} (401 otherwise), answers 202 with {@code Operation-Location} (its own base URL)
 * and {@code Retry-After}; {@code GET} on that URL answers {@code running} a set number of times, then
 * {@code succeeded} with an {@code analyzeResult} built from {@link SamplePage}s (one per page of the input: PDFs
 * by their page objects, images by their pixel size).
 *
 * <p>Faults on demand through {@link #faults()} (each consumed by the next request, analyze or poll; or through
 * {@link #pollFaults()}, by the next poll: 429 with
 * {@code Retry-After}, 500, a 200 with malformed JSON, a dropped connection, any error status; and a latency on
 * every answer) and {@link #endlessRunning(boolean)}.
 */
public final class AzureDiFake {

    public static final String DEFAULT_KEY = "fake-azure-di-key";

    private static final Pattern ANALYZE = Pattern.compile(
            "^/(documentintelligence|formrecognizer)/documentModels/([a-zA-Z0-9][a-zA-Z0-9._~-]{1,63}):analyze$");
    private static final Pattern RESULT = Pattern.compile(
            "^/(documentintelligence|formrecognizer)/documentModels/([^/]+)/analyzeResults/([0-9a-f-]{36})$");
    private static final Map<String, String> API_VERSIONS = Map.of(
            "documentintelligence", "2024-11-30", "formrecognizer", "2023-07-31");
    private static final Set<String> MEDIA_TYPES = Set.of("application/octet-stream", "application/pdf",
            "image/jpeg", "image/png", "image/tiff", "image/bmp", "image/heif", "text/html", "application/json");
    private static final Set<String> MODELS = Set.of("prebuilt-read", "prebuilt-layout", "prebuilt-document",
            "prebuilt-invoice", "prebuilt-receipt", "prebuilt-idDocument", "prebuilt-tax.us.w2");

    /** What the fake saw of the last analyze request. */
    public record AnalyzeCall(String path, Map<String, String> query, String contentType, int bodyBytes) {
    }

    private record Operation(JsonObject result, AtomicInteger runningPollsLeft, String created) {
    }

    private final Vertx vertx;
    private final String key;
    private final FaultPlan faults = new FaultPlan();
    private final FaultPlan pollFaults = new FaultPlan();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final AtomicInteger analyzeCalls = new AtomicInteger();
    private final AtomicInteger pollCalls = new AtomicInteger();
    private volatile HttpServer server;
    private volatile List<SamplePage> pages = List.of();
    private volatile int runningPolls = 1;
    private volatile boolean endlessRunning;
    private volatile int retryAfterSeconds = 1;
    private volatile AnalyzeCall lastAnalyze;

    private AzureDiFake(Vertx vertx, String key) {
        this.vertx = vertx;
        this.key = key;
    }

    /** Starts on 127.0.0.1 at a free port. */
    public static Future<AzureDiFake> start(Vertx vertx, String key) {
        return start(vertx, key, 0);
    }

    public static Future<AzureDiFake> start(Vertx vertx, String key, int port) {
        AzureDiFake fake = new AzureDiFake(vertx, key);
        return vertx.createHttpServer().requestHandler(fake::handle).listen(port, "127.0.0.1").map(s -> {
            fake.server = s;
            return fake;
        });
    }

    /** Runs the fake by hand: {@code AzureDiFake [port] [key]}; the key may also come from AZURE_DI_FAKE_KEY. */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        String key = args.length > 1 ? args[1]
                : Optional.ofNullable(System.getenv("AZURE_DI_FAKE_KEY")).orElse(DEFAULT_KEY);
        Vertx vertx = Vertx.vertx();
        AzureDiFake fake = start(vertx, key, port).await();
        System.out.println("Azure Document Intelligence fake listening on " + fake.endpoint()
                + " (key from AZURE_DI_FAKE_KEY or the second argument; Ctrl-C stops)");
    }

    public int port() {
        return server.actualPort();
    }

    /** The value for the provider's {@code endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** Faults for the next requests of any kind, analyze or poll, in arrival order. */
    public FaultPlan faults() {
        return faults;
    }

    /** Faults for the next polls only, so a test can let the analyze request through and break the poll. */
    public FaultPlan pollFaults() {
        return pollFaults;
    }

    /** What the service reads on page 1, 2, ...; the last one repeats for further pages. Default: a receipt. */
    public AzureDiFake pages(List<SamplePage> content) {
        this.pages = List.copyOf(content);
        return this;
    }

    /** How many polls answer {@code running} before {@code succeeded} (default 1). */
    public AzureDiFake runningPolls(int n) {
        this.runningPolls = n;
        return this;
    }

    /** Every poll answers {@code running}: an analysis that never ends. */
    public AzureDiFake endlessRunning(boolean on) {
        this.endlessRunning = on;
        return this;
    }

    /** The {@code Retry-After} sent with 202 and running polls, in seconds; negative leaves the header out. */
    public AzureDiFake retryAfterSeconds(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public int analyzeCalls() {
        return analyzeCalls.get();
    }

    public int pollCalls() {
        return pollCalls.get();
    }

    public Optional<AnalyzeCall> lastAnalyze() {
        return Optional.ofNullable(lastAnalyze);
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(body -> {
            Duration latency = faults.latency();
            if (req.method() == HttpMethod.GET && pollFaults.latency().compareTo(latency) > 0) {
                latency = pollFaults.latency();
            }
            if (latency.isZero() || latency.isNegative()) {
                answer(req, body);
            } else {
                vertx.setTimer(latency.toMillis(), id -> answer(req, body));
            }
        });
    }

    private void answer(HttpServerRequest req, Buffer body) {
        boolean isAnalyze = req.method() == HttpMethod.POST;
        if (isAnalyze) {
            analyzeCalls.incrementAndGet();
        } else {
            pollCalls.incrementAndGet();
        }
        Optional<FaultPlan.Fault> fault = faults.next().or(() -> isAnalyze ? Optional.empty() : pollFaults.next());
        if (fault.isPresent()) {
            injure(req, fault.get());
            return;
        }
        if (!key.equals(req.getHeader("Ocp-Apim-Subscription-Key"))) {
            error(req, 401, "401", "Access denied due to invalid subscription key or wrong API endpoint. Make sure "
                    + "to provide a valid key for an active subscription and use a correct regional API endpoint "
                    + "for your resource.", null);
            return;
        }
        Matcher analyze = ANALYZE.matcher(req.path());
        Matcher result = RESULT.matcher(req.path());
        if (isAnalyze && analyze.matches()) {
            analyze(req, body, analyze.group(1), analyze.group(2));
        } else if (req.method() == HttpMethod.GET && result.matches()) {
            poll(req, result.group(3));
        } else {
            error(req, 404, "404", "Resource not found", null);
        }
    }

    private void analyze(HttpServerRequest req, Buffer body, String prefix, String model) {
        String contentType = Optional.ofNullable(req.getHeader("Content-Type")).orElse("")
                .split(";")[0].trim().toLowerCase();
        lastAnalyze = new AnalyzeCall(req.path(), query(req), contentType, body.length());
        String apiVersion = req.getParam("api-version");
        if (!API_VERSIONS.get(prefix).equals(apiVersion)) {
            error(req, 404, "404", "Resource not found", null);
            return;
        }
        if (!MODELS.contains(model) || ("prebuilt-document".equals(model) && "documentintelligence".equals(prefix))) {
            error(req, 404, "NotFound", "Resource not found.", inner("ModelNotFound",
                    "The requested model was not found."));
            return;
        }
        if (!MEDIA_TYPES.contains(contentType)) {
            error(req, 415, "UnsupportedMediaType", "Content type '" + contentType + "' is not supported.", null);
            return;
        }
        Set<String> features = new TreeSet<>(List.of(Optional.ofNullable(req.getParam("features")).orElse("")
                .split(",")));
        features.remove("");
        if (features.contains("keyValuePairs") && "prebuilt-read".equals(model)) {
            error(req, 400, "InvalidArgument", "Invalid argument.", inner("InvalidParameter",
                    "The parameter features is invalid: keyValuePairs is not supported by prebuilt-read."));
            return;
        }
        byte[] bytes = body.getBytes();
        if ("application/json".equals(contentType)) {
            bytes = base64Source(body);
        }
        if (bytes == null || bytes.length == 0) {
            error(req, 400, "InvalidRequest", "Invalid request.", inner("EmptyRequest",
                    "Request body must not be empty."));
            return;
        }
        List<AzureAnalyzeResult.AnalyzedPage> analyzed = pagesOf(bytes, contentType, req.getParam("pages"));
        if (analyzed == null) {
            error(req, 400, "InvalidRequest", "Invalid request.", inner("InvalidContent",
                    "The file is corrupted or format is unsupported. Refer to documentation for the list of "
                            + "supported formats."));
            return;
        }
        boolean layout = !"prebuilt-read".equals(model);
        boolean pairs = "prebuilt-document".equals(model) || (layout && features.contains("keyValuePairs"));
        JsonObject analyzeResult = AzureAnalyzeResult.build(apiVersion, model, analyzed, layout, pairs);
        String id = UUID.randomUUID().toString();
        operations.put(id, new Operation(analyzeResult, new AtomicInteger(runningPolls), Instant.now().toString()));
        String host = Optional.ofNullable(req.getHeader("Host")).orElse("127.0.0.1:" + port());
        String location = "http://" + host + "/" + prefix + "/documentModels/" + model + "/analyzeResults/" + id
                + "?api-version=" + apiVersion;
        var resp = req.response().setStatusCode(202).putHeader("Operation-Location", location)
                .putHeader("apim-request-id", id);
        if (retryAfterSeconds >= 0 && "documentintelligence".equals(prefix)) {
            resp.putHeader("Retry-After", Integer.toString(retryAfterSeconds));
        }
        resp.end();
    }

    private void poll(HttpServerRequest req, String id) {
        Operation op = operations.get(id);
        if (op == null) {
            error(req, 404, "NotFound", "Resource not found.", null);
            return;
        }
        JsonObject status = new JsonObject().put("createdDateTime", op.created())
                .put("lastUpdatedDateTime", Instant.now().toString());
        if (endlessRunning || op.runningPollsLeft().getAndDecrement() > 0) {
            var resp = req.response().setStatusCode(200).putHeader("Content-Type", "application/json");
            if (retryAfterSeconds >= 0) {
                resp.putHeader("Retry-After", Integer.toString(retryAfterSeconds));
            }
            resp.end(new JsonObject().put("status", "running").mergeIn(status).encode());
            return;
        }
        req.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", "succeeded").mergeIn(status)
                        .put("analyzeResult", op.result()).encode());
    }

    private void injure(HttpServerRequest req, FaultPlan.Fault fault) {
        switch (fault.kind()) {
            case THROTTLE -> {
                long seconds = fault.retryAfter() == null ? 1 : Math.max(0, fault.retryAfter().toSeconds());
                req.response().putHeader("Retry-After", Long.toString(seconds));
                error(req, 429, "429", "Requests to the Analyze Document Operation under Document Intelligence API "
                        + "have exceeded rate limit of your current tier. Please retry after " + seconds
                        + " seconds.", null);
            }
            case SERVER_ERROR -> error(req, 500, "InternalServerError", "An unexpected error occurred.", null);
            case MALFORMED_JSON -> req.response().setStatusCode(200)
                    .putHeader("Content-Type", "application/json")
                    .end("{\"status\":\"succeeded\",\"analyzeResult\":{\"pages\":[{\"pageNumber\":1,");
            case DROP_CONNECTION -> req.connection().close();
            case ERROR -> {
                if (fault.retryAfter() != null) {
                    req.response().putHeader("Retry-After", Long.toString(fault.retryAfter().toSeconds()));
                }
                error(req, fault.status(), fault.code(), fault.message(), null);
            }
        }
    }

    /**
     * The pages the service would analyse: a PDF's page objects (8.5 × 11 in), an image's one page in pixels.
     * Null when the bytes are no readable document.
     */
    private List<AzureAnalyzeResult.AnalyzedPage> pagesOf(byte[] bytes, String contentType, String pagesParam) {
        boolean pdf = "application/pdf".equals(contentType)
                || new String(bytes, 0, Math.min(5, bytes.length), StandardCharsets.ISO_8859_1).equals("%PDF-");
        List<AzureAnalyzeResult.AnalyzedPage> out = new ArrayList<>();
        if (pdf) {
            int count = pdfPageCount(bytes);
            if (count == 0) {
                return null;
            }
            Set<Integer> wanted = pageSelection(pagesParam, count);
            for (int n = 1; n <= count; n++) {
                if (wanted.contains(n)) {
                    out.add(new AzureAnalyzeResult.AnalyzedPage(n, 8.5, 11, "inch", contentOf(n, count)));
                }
            }
            return out;
        }
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                return null;
            }
            out.add(new AzureAnalyzeResult.AnalyzedPage(1, image.getWidth(), image.getHeight(), "pixel",
                    contentOf(1, 1)));
            return out;
        } catch (IOException e) {
            return null;
        }
    }

    private SamplePage contentOf(int pageNumber, int pageCount) {
        List<SamplePage> script = pages;
        if (!script.isEmpty()) {
            return script.get(Math.min(pageNumber, script.size()) - 1);
        }
        SamplePage receipt = SamplePage.receipt();
        if (pageCount == 1) {
            return receipt;
        }
        List<String> lines = new ArrayList<>(receipt.lines());
        lines.add("Page " + pageNumber + " of " + pageCount);
        return new SamplePage(lines, receipt.fields(), receipt.table());
    }

    /** Counts {@code /Type /Page} objects (not {@code /Pages}): enough for the small PDFs tests send. */
    static int pdfPageCount(byte[] bytes) {
        Matcher m = Pattern.compile("/Type\\s*/Page(?![a-zA-Z])")
                .matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Reads {@code pages=1-3,5}; all pages when absent. */
    static Set<Integer> pageSelection(String param, int count) {
        Set<Integer> out = new TreeSet<>();
        if (param == null || param.isBlank()) {
            for (int i = 1; i <= count; i++) {
                out.add(i);
            }
            return out;
        }
        for (String part : param.split(",")) {
            String[] range = part.trim().split("-");
            int from = Integer.parseInt(range[0].trim());
            int to = range.length > 1 ? Integer.parseInt(range[1].trim()) : from;
            for (int i = from; i <= Math.min(to, count); i++) {
                out.add(i);
            }
        }
        return out;
    }

    private static byte[] base64Source(Buffer body) {
        try {
            String b64 = new JsonObject(body).getString("base64Source");
            return b64 == null ? null : Base64.getDecoder().decode(b64);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, String> query(HttpServerRequest req) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        req.params().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static JsonObject inner(String code, String message) {
        return new JsonObject().put("code", code).put("message", message);
    }

    private static void error(HttpServerRequest req, int status, String code, String message, JsonObject inner) {
        JsonObject error = new JsonObject().put("code", code).put("message", message);
        if (inner != null) {
            error.put("innererror", inner);
        }
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", error).encode());
    }
}
