package org.freerpacapture.adapters.documentai;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.freerpacapture.adapters.EventLoopWork;
import org.freerpacapture.adapters.ProviderConfig;
import org.freerpacapture.adapters.resilience.ProviderCallException;
import org.freerpacapture.adapters.resilience.UpstreamText;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.ProviderInfo;

import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * Google Document AI's synchronous {@code :process} over REST, with OAuth2 from a service-account key (an RS256
 * JWT exchanged at the key's {@code token_uri}; no Google libraries).
 *
 * <p>The document goes as sent ({@code rawDocument}); a PDF or TIFF is read whole and only the caller's selected
 * pages are kept. This is the raw adapter: one attempt per call (plus one token renewal on a 401), failures as
 * {@link ProviderCallException}; {@link org.freerpacapture.adapters.ProviderFactory} adds retries and the rest.
 */
public final class DocumentAiProvider implements OcrProvider {

    public static final String KIND = "document-ai";
    /** Where documents are processed when an entry names no {@code location}: Google's US multi-region. */
    static final String DEFAULT_LOCATION = "us";
    public static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    /** Google's published online limit has been 20 MB and 40 MB; the lower one is safe everywhere. */
    public static final int MAX_BYTES = 20 * 1024 * 1024;
    /** Pages an OCR, Form or Layout processor reads per online call. */
    public static final int MAX_PAGES = 15;
    static final Set<String> MIME_TYPES = Set.of("application/pdf", "image/gif", "image/tiff", "image/jpeg",
            "image/png", "image/bmp", "image/webp");

    private final ProviderInfo info;
    private final DocumentAiConfig config;
    private final WebClient client;
    private final WorkerExecutor codec;
    private final AccessTokens tokens;

    public DocumentAiProvider(Vertx vertx, String id, DocumentAiConfig config, ServiceAccountKey key) {
        this.info = new ProviderInfo(id, KIND, config.processor(), "v1");
        this.config = config;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setUserAgent("rpa-vision-gateway"));
        // Base64 of a 20 MB file and parsing a large answer are too slow for an event loop.
        this.codec = vertx.createSharedWorkerExecutor("document-ai-codec", 2);
        this.tokens = new AccessTokens(client, key, SCOPE);
    }

    /**
     * The factory hook. Keys: {@code credentials} (required, {@code file:PATH} or {@code env:NAME} holding the
     * service-account JSON), {@code processor} (required), {@code location} (default {@code us}),
     * {@code project} (default: the key's {@code project_id}), {@code endpoint} (default
     * {@code https://{location}-documentai.googleapis.com}), {@code processorVersion}, {@code connectTimeoutMs}.
     */
    public static OcrProvider create(Vertx vertx, ProviderConfig config) {
        ServiceAccountKey key;
        try {
            key = ServiceAccountKey.parse(config.secret("credentials"));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("provider ") ? e
                    : new IllegalArgumentException("provider " + config.id() + ": 'credentials': " + e.getMessage());
        }
        // The key file names where tokens are fetched; it is held to the same rules as an endpoint.
        config.safety().endpoint(config.id(), "credentials (token_uri)", key.tokenUri().toString());
        String location = config.stringOr("location", DEFAULT_LOCATION);
        String project = config.string("project").filter(s -> !s.isBlank()).or(() -> Optional.ofNullable(
                key.projectId())).orElseThrow(() -> new IllegalArgumentException("provider " + config.id()
                + ": 'project' is required (the key names none)"));
        DocumentAiConfig docai = new DocumentAiConfig(
                destination(config),
                project, location, config.requireString("processor"),
                config.string("processorVersion").filter(s -> !s.isBlank()),
                config.millisOr("connectTimeoutMs", DocumentAiConfig.DEFAULT_CONNECT_TIMEOUT));
        return new DocumentAiProvider(vertx, config.id(), docai, key);
    }

    /**
     * Where the adapter built from {@code config} sends documents: its {@code endpoint}, else its location's
     * ({@code https://{location}-documentai.googleapis.com}). Tokens are fetched elsewhere; no document goes there.
     */
    public static URI destination(ProviderConfig config) {
        return config.endpoint("endpoint").orElseGet(() -> DocumentAiConfig.defaultEndpoint(
                config.stringOr("location", DEFAULT_LOCATION)));
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public CompletionStage<OcrResult> analyze(OcrRequest request) {
        long started = System.nanoTime();
        Document document = request.document();
        Map<Integer, PageImage> sent = new LinkedHashMap<>();
        document.pages().forEach(p -> sent.put(p.pageNumber(), p));
        return checkLimits(document)
                .compose(ok -> coded(document.bytes().length, () -> body(document)))
                .compose(body -> tokens.current(request.deadline().remaining())
                        .compose(token -> send(body, token, request)
                                // A token can be revoked before it expires: renew once, then give up.
                                .compose(response -> response.statusCode() == 401
                                        ? tokens.renew(token, request.deadline().remaining())
                                        .compose(fresh -> send(body, fresh, request))
                                        : Future.succeededFuture(response))))
                .compose(response -> response.statusCode() == 200
                        ? coded(response.body().length(), () -> pages(response.body(), sent))
                        : Future.failedFuture(DocumentAiFailures.forResponse(response.statusCode(), response.body(),
                        response.getHeader("Retry-After"))))
                .map(pages -> new OcrResult(info, pages, Map.of("provider", (System.nanoTime() - started) / 1e6)))
                .recover(f -> Future.failedFuture(ProviderCallException.forTransport(f)))
                .toCompletionStage();
    }

    /**
     * Runs base64 encoding or JSON parsing of {@code bytes} bytes: on the calling event loop when that takes tens of
     * microseconds (a screenshot, a small answer), so a small call crosses no thread; on {@code document-ai-codec}
     * otherwise, so a 20 MiB scan never stalls the event loop.
     */
    private <T> Future<T> coded(int bytes, Callable<T> work) {
        if (bytes > EventLoopWork.INLINE_BYTES) {
            return codec.executeBlocking(work, false);
        }
        try {
            return Future.succeededFuture(work.call());
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    private static Future<Void> checkLimits(Document document) {
        if (!MIME_TYPES.contains(document.contentType())) {
            return Future.failedFuture(ProviderCallException.rejected("Document AI does not read "
                    + document.contentType()));
        }
        if (document.bytes().length > MAX_BYTES) {
            return Future.failedFuture(ProviderCallException.rejected("the document is " + document.bytes().length
                    + " bytes; Document AI reads at most " + MAX_BYTES + " per online call"));
        }
        if (document.pages().size() > MAX_PAGES) {
            return Future.failedFuture(ProviderCallException.rejected(document.pages().size()
                    + " pages selected; Document AI reads at most " + MAX_PAGES + " per online call"));
        }
        return Future.succeededFuture();
    }

    private static Buffer body(Document document) {
        return new JsonObject().put("rawDocument", new JsonObject()
                .put("content", Base64.getEncoder().encodeToString(document.bytes()))
                .put("mimeType", document.contentType())).toBuffer();
    }

    private Future<HttpResponse<Buffer>> send(Buffer body, String token, OcrRequest request) {
        long timeoutMs = request.deadline().remaining().toMillis();
        if (timeoutMs <= 0) {
            return Future.failedFuture(ProviderCallException.timeout("deadline passed before Document AI was called"));
        }
        return client.postAbs(config.processUrl())
                .timeout(timeoutMs)
                .putHeader("Authorization", "Bearer " + token)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .sendBuffer(body);
    }

    private static List<Page> pages(Buffer body, Map<Integer, PageImage> sent) {
        JsonObject document;
        try {
            document = body.toJsonObject().getJsonObject("document");
        } catch (RuntimeException e) {
            throw ProviderCallException.unavailable("Document AI answered with unreadable JSON", null, null);
        }
        if (document == null) {
            throw ProviderCallException.unavailable("Document AI answered without a document", null, null);
        }
        JsonObject error = document.getJsonObject("error");
        if (error != null && document.getJsonArray("pages", null) == null) {
            throw ProviderCallException.rejected(UpstreamText.refused("Document AI", error.getString("status"),
                    "error", error.getString("message")));
        }
        return DocumentAiPages.toPages(document, sent);
    }

    @Override
    public void close() {
        client.close();
        codec.close();
    }
}
