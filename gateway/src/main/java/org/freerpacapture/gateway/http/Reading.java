package org.freerpacapture.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import org.freerpacapture.gateway.execute.Outcome;
import org.freerpacapture.gateway.execute.RequestExecutor;
import org.freerpacapture.gateway.execute.RequestInfo;
import org.freerpacapture.gateway.observability.RequestObservation;
import org.freerpacapture.gateway.screen.ScreenControl;
import org.freerpacapture.gateway.screen.ScreenElement;
import org.freerpacapture.gateway.screen.ScreenMatch;
import org.freerpacapture.gateway.screen.ScreenMatcher;
import org.freerpacapture.gateway.screen.TargetFinder;
import org.freerpacapture.gateway.tenants.Caller;
import org.freerpacapture.gateway.tenants.RateLimits;
import org.freerpacapture.ocr.Document;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.Task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading one document, whatever brought it: decode (decode-pool) → execute (routing, providers) → controls
 * (control-pool, screens only) → the answer's body, raced against the request's deadline. The HTTP API and the
 * Kafka request worker both read through here, so a result has the same shape whichever way it came.
 */
public final class Reading {

    private final Vertx vertx;
    private final DecodePool decoding;
    private final ControlPool controls;
    private final RequestExecutor executor;
    private final RateLimits rates;

    Reading(Vertx vertx, DecodePool decoding, ControlPool controls, RequestExecutor executor, RateLimits rates) {
        this.vertx = vertx;
        this.decoding = decoding;
        this.controls = controls;
        this.executor = executor;
        this.rates = rates;
    }

    /**
     * One document to read.
     *
     * @param task      document or screen
     * @param bytes     the file as received
     * @param mediaType its media type, as the decoder names it
     * @param query     pages, features and what to find
     * @param headers   what routing may match on, names lower-case
     * @param params    the query parameters as sent, for routing
     * @param region    the region the request belongs to, or null
     * @param caller    who sent it: the tenant it is routed, counted and limited under
     */
    public record Call(Task task, byte[] bytes, String mediaType, AnalyzeQuery query,
                       Map<String, List<String>> headers, Map<String, List<String>> params, String region,
                       Caller caller) {

        public Call {
            caller = caller == null ? Caller.ANONYMOUS : caller;
        }

        /** From an unauthenticated caller. */
        public Call(Task task, byte[] bytes, String mediaType, AnalyzeQuery query,
                    Map<String, List<String>> headers, Map<String, List<String>> params, String region) {
            this(task, bytes, mediaType, query, headers, params, region, Caller.ANONYMOUS);
        }
    }

    /**
     * What a read produced.
     *
     * @param body    the answer: {@link AnalyzeResult}, or {@link ScreenResult} for screens
     * @param outcome how routing served it
     */
    public record Answer(Object body, Outcome outcome) {

        public AnalyzeResult result() {
            return body instanceof ScreenResult screen ? screen.result() : (AnalyzeResult) body;
        }
    }

    /** Query parameters as a {@link Call} carries them: every value of each name, in order. */
    public static Map<String, List<String>> params(MultiMap params) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : params.names()) {
            out.put(name, List.copyOf(params.getAll(name)));
        }
        return out;
    }

    /**
     * The same decoding and control pools, with {@code other} deciding who reads: for the admin console, which reads
     * a document with a provider an operator chose rather than the one routing would.
     */
    public Reading using(RequestExecutor other) {
        return new Reading(vertx, decoding, controls, other, rates);
    }

    /** Whether the decoder reads this media type at all. */
    public boolean supports(String mediaType) {
        return decoding.supports(mediaType);
    }

    /** Reads {@code call} within the scope's deadline: past it, 504 {@code timeout} and the work behind stops. */
    public Future<Answer> read(Call call, RequestScope scope, RequestObservation observation) {
        return Deadlines.within(vertx, scope, run(call, scope, observation));
    }

    /**
     * Reads {@code call}; the caller races it against the deadline. A tenant whose page quota is spent is refused
     * before its document is decoded.
     */
    Future<Answer> run(Call call, RequestScope scope, RequestObservation observation) {
        return executor.admit(call.caller().tenant())
                .compose(admitted -> observation.decode(call.bytes().length,
                        () -> decoding.decode(call.bytes(), call.mediaType(), call.query().pages(),
                                scope.decodeBudget())))
                .compose(decoded -> execute(call, scope, observation, decoded));
    }

    private Future<Answer> execute(Call call, RequestScope scope, RequestObservation observation,
                                   DecodePool.Decoded decoded) {
        if (scope.deadline().expired()) {
            return Future.failedFuture(ApiException.timeout(scope.budget()));
        }
        Document document = decoded.document();
        // Records are paced by the worker's share of the engine, not refused: a refusal would only be retried.
        if (call.caller().proof() != Caller.Proof.RECORD) {
            RateLimits.Verdict pages = rates.admitPages(call.caller(), document.pages().size());
            if (!pages.allowed()) {
                return Future.failedFuture(RateLimitAnswers.refusal(pages));
            }
        }
        OcrRequest read = new OcrRequest(scope.requestId(), call.task(), document, call.query().features(),
                scope.deadline()).withTenant(call.caller().tenant());
        OcrRequest request = call.caller().proof() == Caller.Proof.RECORD ? read.inBackground() : read;
        RequestInfo info = new RequestInfo(scope.requestId(), call.task(), document.contentType(),
                document.pages().size(), call.headers(), call.params(), call.region(), call.caller().tenant());
        return observation.route(info.pageCount(), () -> executor.execute(request, info))
                .compose(outcome -> controlsOf(call.task(), document, outcome)
                        .map(found -> answer(call, scope, outcome, decoded.decodeMs(), found)));
    }

    /** Screens only: every screen answer lists its controls, found in the pixels whichever provider read it. */
    private Future<List<ScreenControl>> controlsOf(Task task, Document document, Outcome outcome) {
        return task == Task.SCREEN ? controls.detect(document, outcome.result().pages())
                : Future.succeededFuture(List.of());
    }

    private static Answer answer(Call call, RequestScope scope, Outcome outcome, double decodeMs,
                                 List<ScreenControl> controls) {
        AnalyzeResult result = AnalyzeResult.of(scope.requestId(), outcome, decodeMs, scope.elapsedMs());
        return new Answer(call.task() == Task.SCREEN ? screen(result, call.query(), controls) : result, outcome);
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
}
