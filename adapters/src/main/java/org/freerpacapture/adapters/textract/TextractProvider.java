package org.freerpacapture.adapters.textract;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.freerpacapture.adapters.EventLoopWork;
import org.freerpacapture.adapters.ProviderConfig;
import org.freerpacapture.adapters.aws.AwsEndpoints;
import org.freerpacapture.adapters.aws.NonBlockingCredentials;
import org.freerpacapture.adapters.resilience.ProviderCallException;
import org.freerpacapture.ocr.Feature;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.ProviderInfo;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * AWS Textract: {@code DetectDocumentText} for text, {@code AnalyzeDocument} with FORMS/TABLES when the request asks
 * for them. One page per call (the synchronous API's limit), pages in order.
 *
 * <p>The calls are made by {@link TextractClient}: AWS JSON 1.1 over the gateway's Vert.x HTTP client, signed by
 * the AWS SDK's SigV4 signer with credentials from the SDK's chain; the SDK's service client and its per-call
 * pipeline are not used (docs/decisions.md, "Textract without the SDK's client").
 *
 * <p>This is the raw adapter: one attempt per page, failures as {@link ProviderCallException}.
 * {@link org.freerpacapture.adapters.ProviderFactory} wraps it for retries, budget, breaker and concurrency cap; a
 * retry re-reads the whole document.
 *
 * <p>Each call is a client span ({@code Textract.DetectDocumentText}) with the HTTP attributes and
 * {@code aws.request_id}, a child of the trace context current when {@link #analyze} was called, and its
 * {@code traceparent} goes with the request.
 */
public final class TextractProvider implements OcrProvider {

    public static final String KIND = "textract";
    /** Decoded bytes the synchronous API accepts per call. */
    public static final int MAX_BYTES_PER_CALL = 10 * 1024 * 1024;
    static final String API_VERSION = "2018-06-27";
    static final String DETECT = "DetectDocumentText";
    static final String ANALYZE = "AnalyzeDocument";
    /** Connections kept open to the endpoint; the resilience layer's cap (16 calls by default) stays below it. */
    private static final int MAX_CONNECTIONS = 64;

    private final ProviderInfo info;
    private final TextractClient client;
    private final ExecutorService renderPool;
    private final NonBlockingCredentials credentials;
    /** The default chain built for this provider (it may run a refresh thread); null when the caller owns it. */
    private final SdkAutoCloseable ownedCredentials;

    /**
     * @param id          the policy's name for this provider ({@code textract:eu})
     * @param config      region and optional endpoint override
     * @param credentials where signing keys come from ({@link DefaultCredentialsProvider} in production)
     */
    public TextractProvider(Vertx vertx, String id, TextractConfig config, AwsCredentialsProvider credentials) {
        this(vertx, id, config, credentials, OpenTelemetry.noop());
    }

    /** As above, with each call traced through {@code openTelemetry}. */
    public TextractProvider(Vertx vertx, String id, TextractConfig config, AwsCredentialsProvider credentials,
                            OpenTelemetry openTelemetry) {
        this(vertx, id, config, credentials, openTelemetry, false);
    }

    private TextractProvider(Vertx vertx, String id, TextractConfig config, AwsCredentialsProvider credentials,
                             OpenTelemetry openTelemetry, boolean owned) {
        this.info = new ProviderInfo(id, KIND, "textract", API_VERSION);
        this.renderPool = renderPool();
        this.credentials = new NonBlockingCredentials(credentials, renderPool).prefetch();
        this.client = new TextractClient(vertx, config.endpoint().orElseGet(() -> regionalEndpoint(config.region())),
                config.region(), config.connectTimeout(), MAX_CONNECTIONS, renderPool, openTelemetry);
        this.ownedCredentials = owned && credentials instanceof SdkAutoCloseable c ? c : null;
    }

    /**
     * The factory hook: reads {@code region} (required) and {@code endpoint} (optional) from the policy entry;
     * credentials come from the SDK's default chain.
     */
    public static OcrProvider create(Vertx vertx, ProviderConfig config) {
        return create(vertx, config, OpenTelemetry.noop());
    }

    /** As {@link #create(Vertx, ProviderConfig)}, with each call traced through {@code openTelemetry}. */
    public static OcrProvider create(Vertx vertx, ProviderConfig config, OpenTelemetry openTelemetry) {
        TextractConfig textract = new TextractConfig(config.requireString("region"),
                config.endpoint("endpoint"),
                config.millisOr("connectTimeoutMs", TextractConfig.DEFAULT_CONNECT_TIMEOUT));
        return new TextractProvider(vertx, config.id(), textract, DefaultCredentialsProvider.builder().build(),
                openTelemetry, true);
    }

    /** Where the adapter built from {@code config} sends documents: its {@code endpoint}, else its region's. */
    public static URI destination(ProviderConfig config) {
        return config.endpoint("endpoint").orElseGet(() -> regionalEndpoint(config.requireString("region")));
    }

    /** {@code https://textract.<region>.<the partition's domain>}, as the SDK's endpoint rules give it. */
    static URI regionalEndpoint(String region) {
        return AwsEndpoints.regional(TextractClient.SIGNING_NAME, region);
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public CompletionStage<OcrResult> analyze(OcrRequest request) {
        long started = System.nanoTime();
        List<TextractUploads.Upload> uploads;
        try {
            uploads = TextractUploads.of(request.document());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(ProviderCallException.rejected(e.getMessage()));
        }
        String operation = request.features().isEmpty() ? DETECT : ANALYZE;
        // The caller's trace context (the gateway's provider.call span): each page's call is a child of it,
        // whichever thread signs or sends it.
        Context trace = Context.current();
        // Pages one after another: a page per call, and one call in flight per request keeps TPS use predictable.
        CompletableFuture<List<Page>> pages = CompletableFuture.completedFuture(new ArrayList<>());
        for (TextractUploads.Upload upload : uploads) {
            pages = pages.thenCompose(done -> readPage(upload, request, operation, trace).thenApply(page -> {
                done.add(page);
                return done;
            }));
        }
        return pages
                .thenApply(done -> new OcrResult(new ProviderInfo(info.id(), KIND, operation, API_VERSION),
                        done, Map.of("provider", (System.nanoTime() - started) / 1e6)))
                .exceptionallyCompose(f -> CompletableFuture.failedFuture(ProviderCallException.forTransport(f)));
    }

    private CompletableFuture<Page> readPage(TextractUploads.Upload upload, OcrRequest request, String operation,
                                             Context trace) {
        if (request.deadline().expired()) {
            return CompletableFuture.failedFuture(ProviderCallException.timeout("deadline passed before page "
                    + upload.page().pageNumber() + " was sent to Textract"));
        }
        // Encoding and signing a small page sent as it came, with the signing identity held, costs less than a hop
        // to another thread; a large page, one to render first, or a call that would wait for credentials is
        // prepared on the render pool.
        boolean inPlace = upload.sent() != null && upload.sent().length <= EventLoopWork.INLINE_BYTES
                && credentials.ready();
        Supplier<CompletableFuture<TextractClient.Signed>> sign = () -> signed(upload, request, operation);
        // Off the event loop, the whole preparation is one pool task: a continuation attached to a pool task that
        // has already finished would run on the thread attaching it, the event loop.
        CompletableFuture<TextractClient.Signed> signed = inPlace
                ? sign.get()
                : CompletableFuture.supplyAsync(sign, renderPool).thenCompose(s -> s);
        return signed
                .thenCompose(call -> client.send(call, trace, request.deadline().remaining()))
                .thenApply(answer -> page(answer, upload));
    }

    private CompletableFuture<TextractClient.Signed> signed(TextractUploads.Upload upload, OcrRequest request,
                                                            String operation) {
        byte[] page = upload.bytes();
        if (page.length > MAX_BYTES_PER_CALL) {
            return CompletableFuture.failedFuture(ProviderCallException.rejected("page "
                    + upload.page().pageNumber() + " is " + page.length + " bytes; Textract's synchronous API "
                    + "takes at most " + MAX_BYTES_PER_CALL));
        }
        Buffer body = body(page, request, operation);
        return credentials.identity()
                .exceptionallyCompose(f -> CompletableFuture.failedFuture(TextractFailures.noCredentials(f)))
                .thenApply(identity -> client.sign(operation, body, identity));
    }

    /** The operation's input: {@code Document.Bytes} in base64 and, for AnalyzeDocument, the feature types. */
    private static Buffer body(byte[] page, OcrRequest request, String operation) {
        JsonObject input = new JsonObject()
                .put("Document", new JsonObject().put("Bytes", Base64.getEncoder().encodeToString(page)));
        if (ANALYZE.equals(operation)) {
            input.put("FeatureTypes", new JsonArray(request.features().stream()
                    .map(f -> f == Feature.FORMS ? "FORMS" : "TABLES").sorted().toList()));
        }
        return input.toBuffer();
    }

    private static Page page(TextractClient.Answer answer, TextractUploads.Upload upload) {
        try {
            JsonArray blocks = answer.json().getJsonArray("Blocks", new JsonArray());
            return TextractBlocks.toPage(blocks, upload.page().pageNumber(), upload.page().width(),
                    upload.page().height());
        } catch (RuntimeException malformed) {
            throw ProviderCallException.unavailable("Textract answered with blocks that could not be read ("
                    + malformed.getClass().getSimpleName() + ", request " + answer.requestId() + ")", null, null);
        }
    }

    @Override
    public void close() {
        client.close();
        renderPool.shutdown();
        if (ownedCredentials != null) {
            ownedCredentials.close();
        }
    }

    /**
     * The Textract work kept off event loops, bounded: rendering PDF/TIFF pages as PNGs, encoding and signing pages
     * above {@link EventLoopWork#INLINE_BYTES}, reading answers above that size, and fetching credentials.
     */
    private static ExecutorService renderPool() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(256),
                r -> {
                    Thread t = new Thread(r, "textract-render-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
