package org.freerpacapture.adapters.azure;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.freerpacapture.adapters.ProviderConfig;
import org.freerpacapture.adapters.resilience.ProviderCallException;
import org.freerpacapture.adapters.resilience.RetryAfter;
import org.freerpacapture.adapters.resilience.UpstreamText;
import org.freerpacapture.ocr.Deadline;
import org.freerpacapture.ocr.Feature;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.ProviderInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Azure AI Document Intelligence behind {@link OcrProvider}, kind {@code azure-di}. One attempt per call:
 * {@code POST {endpoint}/documentintelligence/documentModels/{model}:analyze?api-version=2024-11-30} (or
 * {@code /formrecognizer/} with {@code 2023-07-31}) with the document's bytes and content type, then polls the
 * {@code Operation-Location} it gets back, exactly as given, honouring {@code Retry-After}, until the operation
 * succeeds or fails or the attempt's deadline comes.
 *
 * <p>Policy entry keys: {@code endpoint} (URL, literal or {@code env:}/{@code file:}), {@code key}
 * ({@code env:}/{@code file:} only), {@code model} (default {@code prebuilt-read}), {@code apiVersion}
 * ({@code 2024-11-30} default, or {@code 2023-07-31}), {@code pollIntervalMs} (when the service sends no
 * {@code Retry-After}; default 1000), {@code locale} (optional hint such as {@code en-US}).
 *
 * <p>Failures: 429 (and 403 with {@code Retry-After}, a spent quota) → throttled with the service's
 * {@code Retry-After}; 5xx and connection faults → unavailable, retryable; 400/413/415 and failed operations
 * about the document → rejected, naming the service's code (its words go to the log); 401/403/404 and unreadable bodies → unavailable,
 * not retryable. The key goes only into the {@code Ocp-Apim-Subscription-Key} header.
 */
public final class AzureDiProvider implements OcrProvider {

    public static final String KIND = "azure-di";
    public static final String DEFAULT_MODEL = "prebuilt-read";
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(AzureDiProvider.class);
    private static final Pattern MODEL_ID = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9._~-]{1,63}$");
    private static final String KEY_HEADER = "Ocp-Apim-Subscription-Key";
    /** Floor between polls, so a {@code Retry-After: 0} cannot spin. */
    private static final Duration MIN_POLL_WAIT = Duration.ofMillis(20);

    private final Vertx vertx;
    private final WebClient client;
    private final ProviderInfo info;
    private final String analyzeUrl;
    private final String key;
    private final AzureApiVersion apiVersion;
    private final Duration pollInterval;
    private final String locale;

    AzureDiProvider(Vertx vertx, String id, URI endpoint, String key, String model, AzureApiVersion apiVersion,
                    Duration pollInterval, String locale) {
        if (!MODEL_ID.matcher(model).matches()) {
            throw new IllegalArgumentException("provider " + id + ": 'model' is not a valid model id");
        }
        this.vertx = vertx;
        this.key = key;
        this.apiVersion = apiVersion;
        this.pollInterval = pollInterval;
        this.locale = locale;
        this.info = new ProviderInfo(id, KIND, model, apiVersion.wire());
        String base = endpoint.toString().replaceAll("/+$", "");
        this.analyzeUrl = base + "/" + apiVersion.pathPrefix() + "/documentModels/" + model + ":analyze";
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("rpa-vision-gateway")
                .setConnectTimeout(5_000)
                .setFollowRedirects(false));
    }

    /** Builds the adapter from its policy entry; registered in {@code ProviderFactory} as {@code azure-di}. */
    public static OcrProvider create(Vertx vertx, ProviderConfig config) {
        URI endpoint = destination(config);
        String key = config.secret("key");
        AzureApiVersion version;
        try {
            version = AzureApiVersion.parse(config.stringOr("apiVersion", AzureApiVersion.V2024_11_30.wire()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("provider " + config.id() + ": " + e.getMessage());
        }
        return new AzureDiProvider(vertx, config.id(), endpoint, key, config.stringOr("model", DEFAULT_MODEL),
                version, config.millisOr("pollIntervalMs", DEFAULT_POLL_INTERVAL),
                config.string("locale").orElse(null));
    }

    /** Where the adapter built from {@code config} sends documents: its {@code endpoint}, resolved and checked. */
    public static URI destination(ProviderConfig config) {
        config.requireString("endpoint");
        return config.endpoint("endpoint").orElseThrow();
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public CompletionStage<OcrResult> analyze(OcrRequest request) {
        long start = System.nanoTime();
        Deadline deadline = request.deadline();
        return submit(request)
                .compose(operation -> poll(operation.url(), deadline, operation.firstWait()))
                .map(result -> new OcrResult(info, AzureResultMapper.pages(result, request.document()),
                        Map.of("provider", (System.nanoTime() - start) / 1e6)))
                .recover(err -> Future.failedFuture(ProviderCallException.forTransport(err)))
                .toCompletionStage();
    }

    private record Operation(String url, Duration firstWait) {
    }

    /** POST the bytes; the service answers 202 with where to poll. */
    private Future<Operation> submit(OcrRequest request) {
        String contentType = request.document().contentType() == null ? "application/octet-stream"
                : request.document().contentType();
        HttpRequest<Buffer> post = client.requestAbs(HttpMethod.POST, analyzeUrl)
                .addQueryParam("api-version", apiVersion.wire())
                .addQueryParam("stringIndexType", "utf16CodeUnit")
                .putHeader(KEY_HEADER, key)
                .putHeader("Content-Type", contentType)
                .timeout(remainingMillis(request.deadline()));
        if (request.document().isPdf() && !request.document().pages().isEmpty()) {
            // Only the pages the caller selected (a cascade re-reads only the weak ones).
            post.addQueryParam("pages", pageList(request.document().pages()));
        }
        if (request.features().contains(Feature.FORMS) && !info.model().equals("prebuilt-read")) {
            post.addQueryParam("features", "keyValuePairs");
        }
        if (locale != null) {
            post.addQueryParam("locale", locale);
        }
        return post.sendBuffer(Buffer.buffer(request.document().bytes())).compose(resp -> {
            if (resp.statusCode() != 202) {
                return Future.failedFuture(failure(resp));
            }
            String location = resp.getHeader("Operation-Location");
            if (location == null || location.isBlank()) {
                return Future.failedFuture(ProviderCallException.broken(
                        "provider accepted the document but sent no Operation-Location", null));
            }
            log.debug("provider {}: analysis accepted for request {}", info.id(), request.requestId());
            return Future.succeededFuture(new Operation(location, waitFrom(resp)));
        });
    }

    /** GET the operation until it is done; each wait is the service's Retry-After, or our interval. */
    private Future<JsonObject> poll(String url, Deadline deadline, Duration wait) {
        if (wait.compareTo(deadline.remaining()) >= 0) {
            return Future.failedFuture(ProviderCallException.timeout(
                    "provider " + info.id() + " was still analysing when the deadline came"));
        }
        return sleep(wait)
                .compose(v -> client.requestAbs(HttpMethod.GET, url)
                        .putHeader(KEY_HEADER, key)
                        .timeout(remainingMillis(deadline))
                        .send())
                .compose(resp -> {
                    if (resp.statusCode() == 429) {
                        // Polls count against the rate limit too; the operation itself goes on.
                        Duration retryAfter = RetryAfter.parse(resp.getHeader("Retry-After")).orElse(pollInterval);
                        if (retryAfter.compareTo(deadline.remaining()) >= 0) {
                            return Future.failedFuture(failure(resp));
                        }
                        return poll(url, deadline, retryAfter);
                    }
                    if (resp.statusCode() != 200) {
                        return Future.failedFuture(failure(resp));
                    }
                    JsonObject body = json(resp);
                    String status = body.getString("status", "");
                    return switch (status) {
                        case "succeeded" -> {
                            JsonObject result = body.getJsonObject("analyzeResult");
                            yield result == null
                                    ? Future.failedFuture(ProviderCallException.broken(
                                    "provider reported success without an analyzeResult", null))
                                    : Future.succeededFuture(result);
                        }
                        case "failed" -> Future.failedFuture(operationFailed(body.getJsonObject("error")));
                        case "notStarted", "running" -> poll(url, deadline, waitFrom(resp));
                        default -> Future.failedFuture(ProviderCallException.broken(
                                "provider operation ended as '" + status + "'", null));
                    };
                });
    }

    private Duration waitFrom(HttpResponse<Buffer> resp) {
        Duration d = RetryAfter.parse(resp.getHeader("Retry-After")).orElse(pollInterval);
        return d.compareTo(MIN_POLL_WAIT) < 0 ? MIN_POLL_WAIT : d;
    }

    private JsonObject json(HttpResponse<Buffer> resp) {
        try {
            JsonObject body = resp.bodyAsJsonObject();
            if (body == null) {
                throw ProviderCallException.broken("provider answered 200 with an empty body", null);
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw ProviderCallException.broken("provider answered with a body that is not the expected JSON", null);
        }
    }

    /** A failed operation: about the document (rejected) or about the service (unavailable, retryable). */
    private ProviderCallException operationFailed(JsonObject error) {
        String code = AzureErrorBody.code(error);
        String reduced = AzureErrorBody.reduced(error, "operation failed");
        if (code.startsWith("Invalid") || AzureErrorBody.innerCode(error).startsWith("Invalid")) {
            return ProviderCallException.rejected(reduced + ": " + UpstreamText.DOCUMENT_REFUSED);
        }
        return ProviderCallException.unavailable("provider analysis failed: " + reduced, null, null);
    }

    private ProviderCallException failure(HttpResponse<Buffer> resp) {
        int status = resp.statusCode();
        if (status >= 200 && status < 300) {
            return ProviderCallException.broken("provider answered HTTP " + status + " where 202 was expected", null);
        }
        String message = AzureErrorBody.reduced(AzureErrorBody.error(resp.bodyAsString()), "HTTP " + status);
        if (status == 404) {
            return ProviderCallException.broken("provider has no such endpoint, model or operation (HTTP 404): "
                    + message, null);
        }
        return ProviderCallException.forStatus(status, message,
                RetryAfter.parse(resp.getHeader("Retry-After")).orElse(null));
    }

    private Future<Void> sleep(Duration d) {
        Promise<Void> p = Promise.promise();
        vertx.setTimer(Math.max(1, d.toMillis()), id -> p.complete());
        return p.future();
    }

    private static long remainingMillis(Deadline deadline) {
        return Math.max(1, deadline.remaining().toMillis());
    }

    /** {@code 1-3,5}: the service's page-range syntax. */
    static String pageList(List<PageImage> pages) {
        int[] numbers = pages.stream().mapToInt(PageImage::pageNumber).sorted().distinct().toArray();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < numbers.length; ) {
            int j = i;
            while (j + 1 < numbers.length && numbers[j + 1] == numbers[j] + 1) {
                j++;
            }
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(numbers[i]);
            if (j > i) {
                out.append('-').append(numbers[j]);
            }
            i = j + 1;
        }
        return out.toString();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "AzureDiProvider[" + info.id() + ", " + analyzeUrl + "]";
    }
}
