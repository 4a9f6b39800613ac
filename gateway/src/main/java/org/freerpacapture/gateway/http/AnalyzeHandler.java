package org.freerpacapture.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.freerpacapture.gateway.execute.Outcome;
import org.freerpacapture.gateway.execute.RequestExecutor;
import org.freerpacapture.gateway.execute.RequestInfo;
import org.freerpacapture.gateway.observability.RequestObservation;
import org.freerpacapture.gateway.screen.ScreenControl;
import org.freerpacapture.gateway.screen.ScreenElement;
import org.freerpacapture.gateway.screen.ScreenMatch;
import org.freerpacapture.gateway.screen.ScreenMatcher;
import org.freerpacapture.gateway.screen.TargetFinder;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.Task;
import org.freerpacapture.inference.document.DocumentException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/documents/analyze} and {@code POST /v1/screens/analyze}: one flat chain per request,
 * intake → decode (decode-pool) → execute (routing, providers) → controls (control-pool, screens only) → respond,
 * raced against the request's deadline.
 */
final class AnalyzeHandler implements Handler<RoutingContext> {

    /** A caller may name the region the request belongs to; otherwise it is the gateway's own. */
    static final String REGION_HEADER = "X-Region";

    private final Vertx vertx;
    private final Task task;
    private final UploadReader uploads;
    private final DecodePool decoding;
    private final ControlPool controls;
    private final RequestExecutor executor;
    private final String region;

    AnalyzeHandler(Vertx vertx, Task task, UploadReader uploads, DecodePool decoding, ControlPool controls,
                   RequestExecutor executor, String region) {
        this.vertx = vertx;
        this.task = task;
        this.uploads = uploads;
        this.decoding = decoding;
        this.controls = controls;
        this.executor = executor;
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
        Future<Served> served = uploads.read(ctx)
                .compose(upload -> observation.decode(upload.bytes().length,
                        () -> decoding.decode(upload.bytes(), upload.mediaType(), query.pages(),
                                scope.decodeBudget())))
                .compose(decoded -> execute(ctx, scope, observation, query, decoded));
        Deadlines.within(vertx, scope, served)
                .onSuccess(result -> respond(ctx, scope, query, result))
                .onFailure(ctx::fail);
    }

    private Future<Served> execute(RoutingContext ctx, RequestScope scope, RequestObservation observation,
                                   AnalyzeQuery query, DecodePool.Decoded decoded) {
        if (scope.deadline().expired()) {
            return Future.failedFuture(ApiException.timeout(scope.budget()));
        }
        Document document = decoded.document();
        OcrRequest request = new OcrRequest(scope.requestId(), task, document, query.features(), scope.deadline());
        RequestInfo info = new RequestInfo(scope.requestId(), task, document.contentType(),
                document.pages().size(), headers(ctx.request().headers()), multimap(ctx.queryParams()), region(ctx));
        return observation.route(info.pageCount(), () -> executor.execute(request, info))
                .compose(outcome -> controlsOf(document, outcome)
                        .map(found -> new Served(outcome, decoded.decodeMs(), found)));
    }

    /** Screens only: every screen answer lists its controls, found in the pixels whichever provider read it. */
    private Future<List<ScreenControl>> controlsOf(Document document, Outcome outcome) {
        return task == Task.SCREEN ? controls.detect(document, outcome.result().pages())
                : Future.succeededFuture(List.of());
    }

    /** The region the request belongs to: the caller's {@value #REGION_HEADER}, else the one this gateway runs in. */
    private String region(RoutingContext ctx) {
        String named = ctx.request().getHeader(REGION_HEADER);
        return named != null && !named.isBlank() ? named.trim() : region;
    }

    private void respond(RoutingContext ctx, RequestScope scope, AnalyzeQuery query, Served served) {
        Outcome outcome = served.outcome();
        AnalyzeResult result = AnalyzeResult.of(scope.requestId(), outcome, served.decodeMs(), scope.elapsedMs());
        Object body = task == Task.SCREEN ? screen(result, query, served.controls()) : result;
        ctx.response()
                .putHeader(RequestIds.HEADER, scope.requestId())
                .putHeader("X-Route", outcome.route())
                .putHeader("X-Variant", outcome.variant())
                .putHeader("X-Provider", outcome.result().provider().id())
                .putHeader("Content-Type", JsonBodies.CONTENT_TYPE)
                .end(JsonBodies.write(body));
    }

    private static ScreenResult screen(AnalyzeResult result, AnalyzeQuery query, List<ScreenControl> controls) {
        // With a target every match is looked at: the one beside such a control may rank below the limit.
        ScreenMatcher matcher = new ScreenMatcher(query.minScore(),
                query.target().isPresent() ? Integer.MAX_VALUE : query.limit());
        List<ScreenMatch> matches = new ArrayList<>();
        for (String text : query.find()) {
            List<ScreenMatch> found = matcher.find(text, result.pages());
            matches.addAll(query.target()
                    .map(type -> TargetFinder.label(found, type, controls, query.limit()))
                    .orElse(found));
        }
        return new ScreenResult(result, ScreenElement.of(result.pages()), controls, matches);
    }

    private static Map<String, List<String>> headers(MultiMap headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : headers.names()) {
            out.put(name.toLowerCase(Locale.ROOT), List.copyOf(headers.getAll(name)));
        }
        return out;
    }

    private static Map<String, List<String>> multimap(MultiMap params) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : params.names()) {
            out.put(name, List.copyOf(params.getAll(name)));
        }
        return out;
    }

    /** What execution produced, with the decode time the response reports and the controls seen on a screen. */
    private record Served(Outcome outcome, double decodeMs, List<ScreenControl> controls) {
    }
}
