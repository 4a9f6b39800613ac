package org.freerpacapture.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.freerpacapture.gateway.execute.RoutedFailure;
import org.freerpacapture.ocr.ProviderException;
import org.freerpacapture.inference.document.DocumentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The one place failures become HTTP answers: {@code {"error":{"code","message"}}} with a stable code, and
 * {@code Retry-After} whenever waiting helps. Anything unexpected is a 500 with a generic message; its stack trace
 * goes to the log under the request id.
 */
final class ErrorResponder implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    static final String INTERNAL_ERROR = "internal_error";
    /** Where the answer a request got is kept, so its observation counts the same code. */
    private static final String ANSWERED = "gateway.answered-error";

    @Override
    public void handle(RoutingContext ctx) {
        RequestScope scope = RequestScope.of(ctx);
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.headWritten() || response.closed()) {
            // Already answered (the body timed out) or the caller left: what fails now is only the aftermath.
            return;
        }
        ApiException error = classify(ctx);
        ctx.put(ANSWERED, error);
        String message = error.getMessage();
        if (error.code().equals(INTERNAL_ERROR)) {
            LOG.error("request {} failed unexpectedly", scope.requestId(), ctx.failure());
            message = "the gateway failed to handle this request; quote request id " + scope.requestId()
                    + " when reporting it";
        } else if (error.status() < 500) {
            // The caller's fault: one line, no stack trace, no body, and rate-limited so a flood cannot fill the log.
            ClientFaultLog.warn("request {} {} {} answered {} {}", scope.requestId(), ctx.request().method(),
                    routeOf(ctx), error.status(), error.code());
        } else {
            LOG.debug("request {} answered {} {}", scope.requestId(), error.status(), error.code());
        }
        response.setStatusCode(error.status())
                .putHeader(RequestIds.HEADER, scope.requestId())
                .putHeader("Content-Type", JsonBodies.CONTENT_TYPE);
        error.retryAfter().ifPresent(wait -> response.putHeader("Retry-After",
                String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000))));
        response.end(JsonBodies.error(error.code(), message));
    }

    /** The route a request took, as the router names it: never the caller's own path text. */
    private static String routeOf(RoutingContext ctx) {
        return ctx.currentRoute() != null && ctx.currentRoute().getPath() != null ? ctx.currentRoute().getPath()
                : "(no route)";
    }

    /** What a request that ended with {@code status} was answered: the error this class wrote, else by status. */
    static ApiException answered(RoutingContext ctx, int status) {
        ApiException answered = ctx.get(ANSWERED);
        return answered != null ? answered : classify(null, status);
    }

    /**
     * The answer to a request's failure. A failure while the body is still arriving is the stream's: the HTTP
     * layer could not decode it (a broken chunk size, say) or the caller went away, never a fault of ours.
     */
    static ApiException classify(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.version() != HttpVersion.HTTP_1_0 && request.authority() == null) {
            // The router refuses such a request before any handler runs; its body was never read.
            ctx.response().putHeader("Connection", "close");
            return ApiException.badRequest("invalid_host", "the Host header is missing or is not a host with an"
                    + " optional port; an IPv6 address goes in brackets, like [::1]:8080");
        }
        Throwable cause = RoutedFailure.cause(ctx.failure());
        if (cause != null && !(cause instanceof ApiException) && !request.isEnded()) {
            ctx.response().putHeader("Connection", "close");
            return ApiException.badRequest("malformed_request", "the request body cannot be read: check its"
                    + " framing (Content-Length, chunk sizes)");
        }
        return classify(ctx.failure(), ctx.statusCode());
    }

    /** The answer to a failure, or to a bare status code when the router failed without an exception. */
    static ApiException classify(Throwable failure, int statusCode) {
        Throwable cause = RoutedFailure.cause(failure);
        if (cause instanceof ApiException api) {
            return api;
        }
        if (cause instanceof DocumentException d) {
            // Out of memory: the file may be fine and a retry when the gateway is less busy may pass.
            return new ApiException(d.httpStatus(), d.code(), d.getMessage(),
                    d.httpStatus() == 503 ? DEFAULT_RETRY_AFTER : null);
        }
        if (cause instanceof ProviderException p) {
            ProviderException.Kind kind = p.kind();
            boolean waitHelps = kind == ProviderException.Kind.THROTTLED
                    || kind == ProviderException.Kind.OVERLOADED || kind.status() == 503;
            return new ApiException(kind.status(), kind.code(), p.getMessage(),
                    waitHelps ? p.retryAfter().orElse(DEFAULT_RETRY_AFTER) : null);
        }
        if (cause == null) {
            return byStatus(statusCode);
        }
        if (cause instanceof HttpException http) {
            return byStatus(http.getStatusCode());
        }
        return new ApiException(500, INTERNAL_ERROR, "the gateway failed to handle this request");
    }

    private static ApiException byStatus(int status) {
        return switch (status) {
            case 400 -> ApiException.badRequest("bad_request", "the request is malformed");
            case 404 -> new ApiException(404, "not_found", "no such resource");
            case 405 -> new ApiException(405, "method_not_allowed", "this resource does not accept that method");
            case 408 -> new ApiException(408, "request_timeout", "the request did not arrive in time");
            case 413 -> new ApiException(413, "payload_too_large", "the request body is larger than allowed");
            case 414 -> new ApiException(414, "uri_too_long", "the request line is too long");
            case 415 -> new ApiException(415, "unsupported_media_type", "unsupported Content-Type");
            case 431 -> new ApiException(431, "headers_too_large", "the request headers are too large");
            case 503 -> new ApiException(503, "unavailable", "the gateway cannot serve now", DEFAULT_RETRY_AFTER);
            default -> status >= 400 && status < 500
                    ? new ApiException(status, "client_error", "the request cannot be served")
                    : new ApiException(500, INTERNAL_ERROR, "the gateway failed to handle this request");
        };
    }
}
