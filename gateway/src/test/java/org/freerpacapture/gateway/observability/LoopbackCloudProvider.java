package org.freerpacapture.gateway.observability;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.freerpacapture.gateway.support.ScriptedProvider;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.ProviderException;
import org.freerpacapture.ocr.ProviderInfo;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A cloud-provider stand-in that, like the Azure and Document AI adapters, calls its service over Vert.x's HTTP
 * client: the service is a loopback server that remembers the {@code traceparent} of every call and answers 200
 * (or 503 when told to) with its own request id.
 */
final class LoopbackCloudProvider implements OcrProvider {

    /** The request id the service answers every call with, as Azure does in {@code apim-request-id}. */
    static final String REQUEST_ID = "b9a5e7c0-3f1d-4f6e-9c1a-2d7e8f0a1b2c";

    private final ProviderInfo info;
    private final HttpServer service;
    private final WebClient client;
    private final List<String> traceparents = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    LoopbackCloudProvider(Vertx vertx, String id) throws Exception {
        this.info = new ProviderInfo(id, "cloud-test", "read", "1");
        this.service = vertx.createHttpServer()
                .requestHandler(req -> {
                    traceparents.add(String.valueOf(req.getHeader("traceparent")));
                    req.response().putHeader("apim-request-id", REQUEST_ID)
                            .setStatusCode(failing ? 503 : 200).end("{}");
                })
                .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(service.actualPort()));
    }

    LoopbackCloudProvider failing() {
        failing = true;
        return this;
    }

    /** The {@code traceparent} header of each call the service received, in order. */
    List<String> traceparents() {
        return traceparents;
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public java.util.concurrent.CompletionStage<OcrResult> analyze(OcrRequest request) {
        return client.post("/analyze").sendBuffer(Buffer.buffer("{}"))
                .compose(response -> response.statusCode() == 200
                        ? io.vertx.core.Future.fromCompletionStage(ScriptedProvider.read(request))
                        : io.vertx.core.Future.<OcrResult>failedFuture(new ProviderException(
                        ProviderException.Kind.UNAVAILABLE, info.id(), "service answered "
                        + response.statusCode())))
                .map(result -> new OcrResult(info, result.pages(), result.timingsMs()))
                .toCompletionStage();
    }

    @Override
    public void close() {
        client.close();
        service.close();
    }
}
