package org.freerpacapture.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.freerpacapture.gateway.execute.Outcome;
import org.freerpacapture.gateway.observability.RequestObservation;
import org.freerpacapture.gateway.tenants.Caller;
import org.freerpacapture.ocr.Task;
import org.freerpacapture.inference.document.DocumentException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/documents/analyze} and {@code POST /v1/screens/analyze}: one flat chain per request,
 * intake → {@link Reading} (decode, execute, controls) → respond, raced against the request's deadline.
 */
final class AnalyzeHandler implements Handler<RoutingContext> {

    private final Vertx vertx;
    private final Task task;
    private final UploadReader uploads;
    private final Reading reading;
    private final RequestRegion region;

    AnalyzeHandler(Vertx vertx, Task task, UploadReader uploads, Reading reading, RequestRegion region) {
        this.vertx = vertx;
        this.task = task;
        this.uploads = uploads;
        this.reading = reading;
        this.region = region;
    }

    @Override
    public void handle(RoutingContext ctx) {
        RequestScope scope = RequestScope.of(ctx);
        RequestObservation observation = ctx.get(HttpApi.OBSERVATION);
        AnalyzeQuery query;
        try {
            query = AnalyzeQuery.parse(ctx.queryParams());
        } catch (ApiException | DocumentException e) {
            ctx.fail(e);
            return;
        }
        // A connection closed before the answer: nothing still running for it is needed. An answered request is not
        // abandoned: a shadow read of its document may still be drawing its pages.
        ctx.addEndHandler(ended -> {
            if (ended.failed()) {
                scope.abandon();
            }
        });
        String servedIn = region.of(ctx.request());
        Future<Reading.Answer> served = uploads.read(ctx)
                .compose(upload -> reading.run(new Reading.Call(task, upload.bytes(), upload.mediaType(), query,
                        headers(ctx.request().headers()), Reading.params(ctx.queryParams()), servedIn,
                        Caller.of(ctx)), scope,
                        observation));
        Deadlines.within(vertx, scope, served)
                .onSuccess(answer -> respond(ctx, scope, answer))
                .onFailure(ctx::fail);
    }

    private static void respond(RoutingContext ctx, RequestScope scope, Reading.Answer answer) {
        Outcome outcome = answer.outcome();
        ctx.response()
                .putHeader(RequestIds.HEADER, scope.requestId())
                .putHeader("X-Route", outcome.route())
                .putHeader("X-Variant", outcome.variant())
                .putHeader("X-Provider", outcome.result().provider().id())
                .putHeader("Content-Type", JsonBodies.CONTENT_TYPE)
                .end(JsonBodies.write(answer.body()));
    }

    private static Map<String, List<String>> headers(MultiMap headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : headers.names()) {
            out.put(name.toLowerCase(Locale.ROOT), List.copyOf(headers.getAll(name)));
        }
        return out;
    }
}
