package org.freerpacapture.gateway.kafka;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import org.freerpacapture.ocr.Deadline;

import java.time.Duration;

/**
 * One GET over the gateway's Vert.x HTTP client that never holds more than it may and never outlives its deadline.
 * A 200's body is read up to {@code maxBytes}: a {@code Content-Length} above it, or the first chunk that would pass
 * it, ends the exchange (the connection is reset, nothing more is read) with 413. Any other status is answered with
 * at most {@link #ERROR_BODY_BYTES} of its body, enough for a service's error document. At the deadline the
 * exchange is reset wherever it is, waiting for a connection included, and fails with 503. Redirects are returned,
 * never followed.
 */
final class BoundedGet {

    /** What an error answer's body is read up to. */
    static final int ERROR_BODY_BYTES = 16 * 1024;
    /** The longest wait for a TCP connection, when the deadline is further away. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * What came back.
     *
     * @param status  the HTTP status
     * @param headers the response's headers
     * @param body    the document for a 200, the start of the error document otherwise
     */
    record Answer(int status, MultiMap headers, Buffer body) {
    }

    private final Vertx vertx;
    private final HttpClient http;
    private final Duration retryAfter;

    /** @param retryAfter what a passing failure asks the caller to wait */
    BoundedGet(Vertx vertx, HttpClient http, Duration retryAfter) {
        this.vertx = vertx;
        this.http = http;
        this.retryAfter = retryAfter;
    }

    /**
     * Sends {@code options} (a GET) and reads the answer.
     *
     * @param authority the Host to send when it must be exactly one (a signed request's), else null
     * @param origin    what the messages call the source ({@code https://host}, {@code s3://bucket/key})
     */
    Future<Answer> send(RequestOptions options, HostAndPort authority, long maxBytes, Deadline deadline,
                        String origin) {
        Exchange exchange = new Exchange(maxBytes, origin);
        // On a Vert.x context throughout: the caller may be any thread, and a response's handlers must be set on
        // the event loop it arrives on, before it goes on.
        vertx.getOrCreateContext().runOnContext(v -> exchange.start(options, authority, deadline));
        return exchange.answered.future();
    }

    /** One exchange's state; touched only on its context. */
    private final class Exchange {

        final Promise<Answer> answered = Promise.promise();
        final long maxBytes;
        final String origin;
        HttpClientRequest request;
        long timer = -1;

        Exchange(long maxBytes, String origin) {
            this.maxBytes = maxBytes;
            this.origin = origin;
        }

        void start(RequestOptions options, HostAndPort authority, Deadline deadline) {
            if (deadline.expired()) {
                fail(SourceFailures.unavailable(origin + " was not asked: the request's deadline had passed",
                        retryAfter));
                return;
            }
            long left = Math.max(1, deadline.remaining().toMillis());
            timer = vertx.setTimer(left, t -> {
                timer = -1;
                fail(SourceFailures.unavailable(origin + " did not answer within the request's deadline ("
                        + left + " ms left when asked); the read is tried again later", retryAfter));
            });
            options.setConnectTimeout(Math.min(left, CONNECT_TIMEOUT.toMillis())).setFollowRedirects(false);
            http.request(options).onComplete(made -> {
                if (made.failed()) {
                    fail(SourceFailures.transport(origin, made.cause(), retryAfter));
                } else if (done()) {
                    // The deadline passed while the request waited for a connection.
                    made.result().reset();
                } else {
                    request = made.result();
                    if (authority != null) {
                        request.authority(authority);
                    }
                    request.send().onComplete(sent -> {
                        if (sent.failed()) {
                            fail(SourceFailures.transport(origin, sent.cause(), retryAfter));
                        } else {
                            read(sent.result());
                        }
                    });
                }
            });
        }

        private void read(HttpClientResponse response) {
            // Set first: a reset below reaches the response as a failure, which is then ours, not a stray log line.
            response.exceptionHandler(failure -> fail(SourceFailures.transport(origin, failure, retryAfter)));
            if (done()) {
                request.reset();
                return;
            }
            int status = response.statusCode();
            boolean document = status == 200;
            long limit = document ? maxBytes : ERROR_BODY_BYTES;
            if (document && announced(response) > maxBytes) {
                fail(SourceFailures.tooLarge(origin, maxBytes));
                return;
            }
            MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(response.headers());
            Buffer body = Buffer.buffer();
            response.handler(chunk -> {
                if (done()) {
                    return;
                }
                if (body.length() + (long) chunk.length() <= limit) {
                    body.appendBuffer(chunk);
                } else if (document) {
                    fail(SourceFailures.tooLarge(origin, maxBytes));
                } else {
                    // The start of an error document says what went wrong; the rest is not worth the wait.
                    body.appendBuffer(chunk, 0, (int) (limit - body.length()));
                    finish(new Answer(status, headers, body));
                    request.reset();
                }
            });
            response.endHandler(v -> finish(new Answer(status, headers, body)));
        }

        /** The announced length, or -1. */
        private long announced(HttpClientResponse response) {
            String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
            try {
                return length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private boolean done() {
            return answered.future().isComplete();
        }

        private void finish(Answer answer) {
            if (answered.tryComplete(answer)) {
                stopTimer();
            }
        }

        private void fail(Throwable failure) {
            if (answered.tryFail(failure)) {
                stopTimer();
                if (request != null) {
                    // Nothing more is read: on HTTP/1.1 the connection is closed with whatever it still carries.
                    request.reset();
                }
            }
        }

        private void stopTimer() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
