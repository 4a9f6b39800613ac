package org.freerpacapture.adapters.textract;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.awssdk.v2_2.AwsSdkTelemetry;
import io.vertx.core.Vertx;
import org.freerpacapture.adapters.EventLoopWork;
import org.freerpacapture.adapters.ProviderConfig;
import org.freerpacapture.adapters.resilience.ProviderCallException;
import org.freerpacapture.inference.Feature;
import org.freerpacapture.inference.OcrProvider;
import org.freerpacapture.inference.OcrRequest;
import org.freerpacapture.inference.OcrResult;
import org.freerpacapture.inference.Page;
import org.freerpacapture.inference.ProviderInfo;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.textract.TextractAsyncClient;
import software.amazon.awssdk.services.textract.TextractAsyncClientBuilder;
import software.amazon.awssdk.services.textract.model.AnalyzeDocumentRequest;
import software.amazon.awssdk.services.textract.model.Block;
import software.amazon.awssdk.services.textract.model.DetectDocumentTextRequest;
import software.amazon.awssdk.services.textract.model.FeatureType;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * AWS Textract through the SDK's async client: {@code DetectDocumentText} for text, {@code AnalyzeDocument} with
 * FORMS/TABLES when the request asks for them. One page per call (the synchronous API's limit), pages in order.
 *
 * <p>This is the raw adapter: one attempt per page, the SDK's retries off, failures as
 * {@link ProviderCallException}. {@link org.freerpacapture.adapters.ProviderFactory} wraps it for retries,
 * budget, breaker and concurrency cap; a retry re-reads the whole document.
 *
 * <p>Each SDK call is traced by the OpenTelemetry AWS SDK instrumentation: a client span
 * ({@code Textract.DetectDocumentText}) with the HTTP attributes and {@code aws.request_id}, a child of the trace
 * context current when {@link #analyze} was called, and a {@code traceparent} header naming it
 * ({@code TraceparentHeader}).
 */
public final class TextractProvider implements OcrProvider {

    public static final String KIND = "textract";
    /** Decoded bytes the synchronous API accepts per call. */
    public static final int MAX_BYTES_PER_CALL = 10 * 1024 * 1024;
    static final String API_VERSION = "2018-06-27";
    /** Connections kept open to the endpoint; the resilience layer's cap (16 calls by default) stays below it. */
    private static final int MAX_CONNECTIONS = 64;

    private final ProviderInfo info;
    private final TextractAsyncClient client;
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

    /** As above, with the SDK's calls traced through {@code openTelemetry}. */
    public TextractProvider(Vertx vertx, String id, TextractConfig config, AwsCredentialsProvider credentials,
                            OpenTelemetry openTelemetry) {
        this(vertx, id, config, credentials, openTelemetry, false);
    }

    private TextractProvider(Vertx vertx, String id, TextractConfig config, AwsCredentialsProvider credentials,
                             OpenTelemetry openTelemetry, boolean owned) {
        this.info = new ProviderInfo(id, KIND, "textract", API_VERSION);
        this.renderPool = renderPool();
        this.credentials = new NonBlockingCredentials(credentials, renderPool).prefetch();
        this.client = client(vertx, config, this.credentials, openTelemetry, renderPool);
        this.ownedCredentials = owned && credentials instanceof SdkAutoCloseable c ? c : null;
    }

    /**
     * The factory hook: reads {@code region} (required) and {@code endpoint} (optional) from the policy entry;
     * credentials come from the SDK's default chain.
     */
    public static OcrProvider create(Vertx vertx, ProviderConfig config) {
        return create(vertx, config, OpenTelemetry.noop());
    }

    /** As {@link #create(Vertx, ProviderConfig)}, with the SDK's calls traced through {@code openTelemetry}. */
    public static OcrProvider create(Vertx vertx, ProviderConfig config, OpenTelemetry openTelemetry) {
        TextractConfig textract = new TextractConfig(config.requireString("region"),
                config.string("endpoint").filter(s -> !s.isBlank()).map(URI::create),
                config.millisOr("connectTimeoutMs", TextractConfig.DEFAULT_CONNECT_TIMEOUT));
        return new TextractProvider(vertx, config.id(), textract, DefaultCredentialsProvider.builder().build(),
                openTelemetry, true);
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
        boolean analyze = !request.features().isEmpty();
        // The SDK parents its span on the context current where it is called: the render pool or an event loop
        // completing the previous page, so the caller's (the gateway's provider.call span) is carried there.
        Context trace = Context.current();
        // Pages one after another: a page per call, and one call in flight per request keeps TPS use predictable.
        CompletableFuture<List<Page>> pages = CompletableFuture.completedFuture(new ArrayList<>());
        for (TextractUploads.Upload upload : uploads) {
            pages = pages.thenCompose(done -> readPage(upload, request, analyze, trace).thenApply(page -> {
                done.add(page);
                return done;
            }));
        }
        return pages
                .thenApply(done -> new OcrResult(new ProviderInfo(info.id(), KIND,
                        analyze ? "AnalyzeDocument" : "DetectDocumentText", API_VERSION),
                        done, Map.of("provider", (System.nanoTime() - started) / 1e6)))
                .exceptionallyCompose(f -> CompletableFuture.failedFuture(TextractFailures.classify(f)));
    }

    private CompletableFuture<Page> readPage(TextractUploads.Upload upload, OcrRequest request, boolean analyze,
                                             Context trace) {
        if (request.deadline().expired()) {
            return CompletableFuture.failedFuture(ProviderCallException.timeout("deadline passed before page "
                    + upload.page().pageNumber() + " was sent to Textract"));
        }
        // The SDK base64-encodes and hashes the page, and waits for the signing identity, on the calling thread: a
        // small page sent as it came, with the identity held, is cheaper to send in place than after a hop; a large
        // one, one to render first, or a call that would wait for credentials goes through the render pool.
        boolean inPlace = upload.sent() != null && upload.sent().length <= EventLoopWork.INLINE_BYTES
                && credentials.ready();
        Supplier<CompletableFuture<List<Block>>> send = () -> {
            byte[] page = upload.bytes();
            return page.length > MAX_BYTES_PER_CALL
                    ? CompletableFuture.failedFuture(ProviderCallException.rejected("page "
                    + upload.page().pageNumber() + " is " + page.length + " bytes; Textract's synchronous API "
                    + "takes at most " + MAX_BYTES_PER_CALL))
                    : call(page, request, analyze, trace);
        };
        // The whole send runs on the pool when it does not run in place: a continuation attached to a pool task
        // that has already finished would otherwise run on the event loop.
        CompletableFuture<List<Block>> blocks = inPlace
                ? send.get()
                : CompletableFuture.supplyAsync(send, renderPool).thenCompose(sent -> sent);
        return blocks.thenApply(read -> TextractBlocks.toPage(read, upload.page().pageNumber(),
                upload.page().width(), upload.page().height()));
    }

    private CompletableFuture<List<Block>> call(byte[] bytes, OcrRequest request, boolean analyze, Context trace) {
        try (Scope ignored = trace.makeCurrent()) {
            return send(bytes, request, analyze);
        }
    }

    private CompletableFuture<List<Block>> send(byte[] bytes, OcrRequest request, boolean analyze) {
        var document = software.amazon.awssdk.services.textract.model.Document.builder()
                .bytes(SdkBytes.fromByteArrayUnsafe(bytes)).build();
        AwsRequestOverrideConfiguration timeout = AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(request.deadline().remaining()).build();
        if (!analyze) {
            return client.detectDocumentText(DetectDocumentTextRequest.builder()
                            .document(document).overrideConfiguration(timeout).build())
                    .thenApply(r -> r.blocks());
        }
        List<FeatureType> features = request.features().stream()
                .map(f -> f == Feature.FORMS ? FeatureType.FORMS : FeatureType.TABLES)
                .sorted(Comparator.comparing(FeatureType::toString)).toList();
        return client.analyzeDocument(AnalyzeDocumentRequest.builder()
                        .document(document).featureTypes(features).overrideConfiguration(timeout).build())
                .thenApply(r -> r.blocks());
    }

    @Override
    public void close() {
        client.close();
        renderPool.shutdown();
        if (ownedCredentials != null) {
            ownedCredentials.close();
        }
    }

    private static TextractAsyncClient client(Vertx vertx, TextractConfig config, AwsCredentialsProvider credentials,
                                              OpenTelemetry openTelemetry, Executor largeAnswers) {
        SdkAsyncHttpClient http = new VertxSdkHttpClient(vertx, config.connectTimeout(), MAX_CONNECTIONS,
                largeAnswers);
        TextractAsyncClientBuilder builder = TextractAsyncClient.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .httpClient(http)
                // Futures complete in place, where the transport hands the answer over (an event loop for a small
                // answer, the render pool for a large one), not on a pool of the SDK's: one thread hop fewer.
                .asyncConfiguration(a -> a.advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR,
                        Runnable::run))
                // The shared resilience layer owns retries, with a budget; SDK retries would multiply them.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        // In this order: the traceparent is written from the X-Ray header the first one sets.
                        .addExecutionInterceptor(AwsSdkTelemetry.create(openTelemetry).createExecutionInterceptor())
                        .addExecutionInterceptor(new TraceparentHeader()));
        config.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * The Textract work kept off event loops, bounded: rendering PDF/TIFF pages as PNGs, signing pages above
     * {@link EventLoopWork#INLINE_BYTES}, reading answers above that size, and fetching credentials.
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
