package org.freerpacapture.gateway.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.freerpacapture.gateway.LiveRouting;
import org.freerpacapture.gateway.execute.ChosenProvider;
import org.freerpacapture.gateway.http.AnalyzeQuery;
import org.freerpacapture.gateway.http.AnalyzeResult;
import org.freerpacapture.gateway.http.ApiException;
import org.freerpacapture.gateway.http.JsonBodies;
import org.freerpacapture.gateway.http.MediaTypes;
import org.freerpacapture.gateway.http.Reading;
import org.freerpacapture.gateway.http.RequestScope;
import org.freerpacapture.gateway.observability.Observability;
import org.freerpacapture.gateway.observability.RequestObservation;
import org.freerpacapture.gateway.routing.TextAgreement;
import org.freerpacapture.gateway.tenants.Caller;
import org.freerpacapture.inference.document.DocumentException;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.Page;
import org.freerpacapture.ocr.Task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The console's reads, on the admin port only: {@code POST /admin/console/read} reads the body through the same
 * {@link Reading} the public API and Kafka use (decode, execute, controls), as the policy decides or with the
 * provider {@code ?provider=} names; {@code POST /admin/console/compare?a=&b=} reads it with two providers and
 * scores them with {@link TextAgreement}, the measure shadow traffic reports in {@code /admin/stats}.
 */
public final class ConsoleReads {

    static final String READ = "/admin/console/read";
    static final String COMPARE = "/admin/console/compare";
    /** {@code ?provider=} for routing as the policy in force decides. */
    static final String AS_POLICY = "policy";

    private final Vertx vertx;
    private final Reading reading;
    private final LiveRouting routing;
    private final Observability observability;
    private final Duration timeout;
    private final String region;
    private final long maxBytes;

    /**
     * @param reading  how the public API reads, routed by the policy in force
     * @param timeout  the deadline of one read, as for the public API
     * @param region   the region requests are served in
     * @param maxBytes the largest document, as for the public API
     */
    public ConsoleReads(Vertx vertx, Reading reading, LiveRouting routing, Observability observability,
                        Duration timeout, String region, long maxBytes) {
        this.vertx = vertx;
        this.reading = reading;
        this.routing = routing;
        this.observability = observability;
        this.timeout = timeout;
        this.region = region;
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** {@code POST /admin/console/read[?provider=ID][&task=screen][&pages=..][&find=..]}. */
    void read(RoutingContext ctx) {
        Optional<Intake> intake = intake(ctx);
        if (intake.isEmpty()) {
            return;
        }
        String provider = ctx.queryParams().get("provider");
        Optional<Reading> chosen = provider == null || provider.isBlank() || provider.equals(AS_POLICY)
                ? Optional.of(reading) : readerFor(ctx, provider.trim());
        if (chosen.isEmpty()) {
            return;
        }
        readWith(ctx, chosen.get(), intake.get()).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("Content-Type", JsonBodies.CONTENT_TYPE)
                        .end(JsonBodies.write(ar.result().body()));
            } else {
                fail(ctx, ar.cause());
            }
        });
    }

    /** {@code POST /admin/console/compare?a=ID&b=ID}: both readings, their agreement, and how their lines pair. */
    void compare(RoutingContext ctx) {
        Optional<Intake> intake = intake(ctx);
        if (intake.isEmpty()) {
            return;
        }
        String a = ctx.queryParams().get("a");
        String b = ctx.queryParams().get("b");
        if (a == null || b == null || a.isBlank() || b.isBlank()) {
            AdminJson.error(ctx, 400, "invalid_parameter",
                    "compare needs ?a= and ?b=, each a provider id of the policy (GET /admin/stats lists them)");
            return;
        }
        Optional<Reading> first = readerFor(ctx, a.trim());
        if (first.isEmpty()) {
            return;
        }
        Optional<Reading> second = readerFor(ctx, b.trim());
        if (second.isEmpty()) {
            return;
        }
        // One after the other: each reading gets the engine to itself, so their timings compare.
        readWith(ctx, first.get(), intake.get())
                .compose(ra -> readWith(ctx, second.get(), intake.get()).map(rb -> comparison(ra, rb)))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        // The public API's writer, so both readings have exactly the shape its callers get.
                        ctx.response().putHeader("Content-Type", JsonBodies.CONTENT_TYPE)
                                .end(JsonBodies.write(ar.result()));
                    } else {
                        fail(ctx, ar.cause());
                    }
                });
    }

    /** The body, its media type and the query, or an answered refusal. */
    private record Intake(byte[] bytes, String mediaType, AnalyzeQuery query, Task task) {
    }

    private Optional<Intake> intake(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            AdminJson.error(ctx, 400, "empty_body", "the request carries no document");
            return Optional.empty();
        }
        if (body.length() > maxBytes) {
            AdminJson.error(ctx, 413, "payload_too_large", "the document is larger than " + maxBytes + " bytes");
            return Optional.empty();
        }
        String declared = MediaTypes.essence(ctx.request().getHeader("Content-Type"));
        String mediaType = MediaTypes.isUndeclared(declared) ? null : declared;
        if (mediaType != null && !reading.supports(mediaType)) {
            AdminJson.error(ctx, 415, "unsupported_media_type", "unsupported document type '" + mediaType
                    + "'; send an image (JPEG, PNG, TIFF, WebP, BMP, GIF) or a PDF as the body");
            return Optional.empty();
        }
        String task = ctx.queryParams().get("task");
        if (task != null && !task.equals("document") && !task.equals("screen")) {
            AdminJson.error(ctx, 400, "invalid_parameter", "task must be document or screen, got '" + task + "'");
            return Optional.empty();
        }
        try {
            AnalyzeQuery query = AnalyzeQuery.parse(ctx.queryParams());
            return Optional.of(new Intake(body.getBytes(), mediaType, query,
                    "screen".equals(task) ? Task.SCREEN : Task.DOCUMENT));
        } catch (ApiException | DocumentException e) {
            fail(ctx, e);
            return Optional.empty();
        }
    }

    private Optional<Reading> readerFor(RoutingContext ctx, String provider) {
        if (!routing.snapshot().providers().containsKey(provider)) {
            AdminJson.error(ctx, 404, "unknown_provider", "no provider '" + provider + "' in the policy in force; "
                    + "known: " + String.join(", ", routing.snapshot().providers().keySet()));
            return Optional.empty();
        }
        return Optional.of(reading.using(new ChosenProvider(vertx, routing::snapshot, observability.hooks(),
                provider)));
    }

    private Future<Reading.Answer> readWith(RoutingContext ctx, Reading with, Intake intake) {
        RequestScope scope = RequestScope.begin(ctx, timeout);
        RequestObservation observation = observability.begin(ctx, scope.requestId());
        // Routing matches on what the public API's caller sends; the admin caller's headers are not that. The read
        // counts under the default tenant, named for the admin token's holder.
        Caller caller = new Caller(Caller.DEFAULT_TENANT, "console:" + AdminIdentity.of(ctx).name(),
                Caller.Proof.NONE);
        Reading.Call call = new Reading.Call(intake.task(), intake.bytes(), intake.mediaType(), intake.query(),
                Map.of(), Map.of(), region, caller);
        return with.read(call, scope, observation).andThen(ar -> {
            ApiException error = ar.failed() ? ApiException.of(ar.cause()) : null;
            observation.finish(error == null ? 200 : error.status(), error == null ? "ok" : error.code());
        });
    }

    private static Map<String, Object> comparison(Reading.Answer a, Reading.Answer b) {
        AnalyzeResult ra = a.result();
        AnalyzeResult rb = b.result();
        OcrResult oa = a.outcome().result();
        OcrResult ob = b.outcome().result();
        Map<Integer, Page> pagesB = ob.pages().stream()
                .collect(Collectors.toMap(Page::pageNumber, Function.identity(), (x, y) -> x));
        List<Map<String, Object>> pages = new ArrayList<>();
        for (Page pa : oa.pages()) {
            List<Line> linesB = Optional.ofNullable(pagesB.get(pa.pageNumber())).map(Page::lines).orElse(List.of());
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("pageNumber", pa.pageNumber());
            page.put("agreement", TextAgreement.between(pa.lines(), linesB));
            page.put("pairs", TextAgreement.pairs(pa.lines(), linesB));
            pages.add(page);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("agreement", TextAgreement.between(oa, ob));
        body.put("pages", pages);
        body.put("a", ra);
        body.put("b", rb);
        return body;
    }

    private static void fail(RoutingContext ctx, Throwable failure) {
        ApiException error = ApiException.of(failure);
        error.retryAfter().ifPresent(d -> ctx.response().putHeader("Retry-After",
                Long.toString(Math.max(1, d.toSeconds()))));
        AdminJson.error(ctx, error.status(), error.code(), error.getMessage());
    }
}
