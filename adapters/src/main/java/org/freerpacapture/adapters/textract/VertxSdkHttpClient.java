package org.freerpacapture.adapters.textract;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.tracing.TracingPolicy;
import org.freerpacapture.adapters.EventLoopWork;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;
import software.amazon.awssdk.http.async.SdkHttpContentPublisher;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The AWS SDK's HTTP transport on the gateway's own Vert.x client: the SDK still builds, signs and parses each call;
 * the bytes go over Vert.x's connection pool and event loops instead of a second Netty with its own I/O threads and
 * future-completion pool.
 *
 * <p>Each exchange is buffered whole in both directions (a Textract call carries at most 10 MiB, one page, and
 * answers with one JSON document), so the SDK sees one request body and one response buffer. The SDK parses the
 * answer on the thread the buffer is handed over on: answers up to {@link EventLoopWork#INLINE_BYTES} on the event loop
 * where they arrived (parsing them costs less than a hop to another thread), larger ones on {@code largeAnswers}, so
 * no event loop parses a dense page's thousands of blocks. By then Vert.x has put the connection back in its pool, so
 * completing the SDK's futures in place cannot race the connection's reuse.
 */
final class VertxSdkHttpClient implements SdkAsyncHttpClient {

    private final Vertx vertx;
    private final HttpClient http;
    private final Executor largeAnswers;

    /**
     * @param vertx          the gateway's Vert.x
     * @param connectTimeout how long a new connection may take
     * @param maxConnections connections kept per endpoint
     * @param largeAnswers   where answers above {@link EventLoopWork#INLINE_BYTES} are handed to the SDK
     */
    VertxSdkHttpClient(Vertx vertx, Duration connectTimeout, int maxConnections, Executor largeAnswers) {
        this.vertx = vertx;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                        .setKeepAlive(true)
                        // AWS's endpoints close idle connections after about a minute; reuse none that old.
                        .setKeepAliveTimeout(50)
                        // The SDK's OpenTelemetry interceptor traces each call (TextractProvider); a second client
                        // span from Vert.x would duplicate it and could rewrite its traceparent.
                        .setTracingPolicy(TracingPolicy.IGNORE),
                new PoolOptions().setHttp1MaxSize(maxConnections));
        this.largeAnswers = largeAnswers;
    }

    @Override
    public CompletableFuture<Void> execute(AsyncExecuteRequest call) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        SdkAsyncHttpResponseHandler handler = call.responseHandler();
        // The whole exchange runs on one Vert.x context: the SDK calls from its own threads, and a Vert.x future
        // completed on an event loop while a callback is attached from another thread can lose the response's end.
        Context context = vertx.getOrCreateContext();
        body(call.requestContentPublisher())
                .thenAccept(body -> context.runOnContext(
                        v -> exchange(context, call.request(), body, done, handler)))
                .exceptionally(failure -> {
                    fail(handler, done, failure);
                    return null;
                });
        return done;
    }

    private void exchange(Context context, SdkHttpRequest sdk, Buffer body, CompletableFuture<Void> done,
                          SdkAsyncHttpResponseHandler handler) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(sdk.method().name()))
                .setAbsoluteURI(sdk.getUri().toString())
                .setHeaders(headers(sdk));
        http.request(options)
                .compose(request -> {
                    // The SDK may give up first (its API call timeout, from its scheduler thread, or a cancellation):
                    // an exchange still in flight then frees its connection. After an answer this changes nothing.
                    done.whenComplete((v, failure) -> {
                        if (failure != null) {
                            context.runOnContext(x -> request.reset());
                        }
                    });
                    sdk.firstMatchingHeader("Host").ifPresent(host -> request.authority(
                            HostAndPort.parseAuthority(host, sdk.port())));
                    return request.send(body);
                })
                .compose(response -> response.body().map(answer -> new Answer(response, answer)))
                .onSuccess(answer -> {
                    if (answer.body.length() <= EventLoopWork.INLINE_BYTES) {
                        deliver(answer, handler, done);
                    } else {
                        try {
                            largeAnswers.execute(() -> deliver(answer, handler, done));
                        } catch (RejectedExecutionException full) {
                            fail(handler, done, full);
                        }
                    }
                })
                .onFailure(failure -> fail(handler, done, failure));
    }

    /** The SDK's headers as sent, except the ones Vert.x writes itself from the request (host, length). */
    private static MultiMap headers(SdkHttpRequest sdk) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        sdk.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                headers.add(name, values);
            }
        });
        return headers;
    }

    private static void deliver(Answer answer, SdkAsyncHttpResponseHandler handler, CompletableFuture<Void> done) {
        try {
            handler.onHeaders(answer.head());
            handler.onStream(new OneBuffer(ByteBuffer.wrap(answer.body.getBytes()), done));
        } catch (RuntimeException e) {
            fail(handler, done, e);
        }
    }

    private static void fail(SdkAsyncHttpResponseHandler handler, CompletableFuture<Void> done, Throwable failure) {
        if (done.isDone()) {
            return;
        }
        handler.onError(failure);
        done.completeExceptionally(failure);
    }

    /** Collects the SDK's request body, sized from its length; for a Textract call it comes as one buffer. */
    private static CompletableFuture<Buffer> body(SdkHttpContentPublisher content) {
        CompletableFuture<Buffer> body = new CompletableFuture<>();
        int expected = content.contentLength().filter(n -> n < Integer.MAX_VALUE).map(Long::intValue).orElse(1024);
        content.subscribe(new Subscriber<>() {
            private final Buffer collected = Buffer.buffer(expected);

            @Override
            public void onSubscribe(Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer bytes) {
                if (bytes.hasArray()) {
                    collected.appendBytes(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                } else {
                    byte[] chunk = new byte[bytes.remaining()];
                    bytes.get(chunk);
                    collected.appendBytes(chunk);
                }
            }

            @Override
            public void onError(Throwable t) {
                body.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                body.complete(collected);
            }
        });
        return body;
    }

    @Override
    public String clientName() {
        return "VertxSdkHttpClient";
    }

    @Override
    public void close() {
        http.close();
    }

    /** The status and headers as the SDK reads them, and the whole body. */
    private record Answer(SdkHttpFullResponse head, Buffer body) {

        Answer(HttpClientResponse response, Buffer body) {
            this(SdkHttpFullResponse.builder().statusCode(response.statusCode())
                    .statusText(response.statusMessage()).headers(headersOf(response)).build(), body);
        }

        private static Map<String, List<String>> headersOf(HttpClientResponse response) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            response.headers().forEach(e -> headers.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                    .add(e.getValue()));
            return headers;
        }
    }

    /**
     * The answer as a one-element publisher: one buffer on the first demand, then completion; the exchange's future
     * completes after the SDK has taken the whole body, as its contract asks.
     */
    private static final class OneBuffer implements Publisher<ByteBuffer> {
        private final ByteBuffer body;
        private final CompletableFuture<Void> done;
        private final AtomicBoolean subscribed = new AtomicBoolean();

        OneBuffer(ByteBuffer body, CompletableFuture<Void> done) {
            this.body = body;
            this.done = done;
        }

        @Override
        public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
            if (!subscribed.compareAndSet(false, true)) {
                subscriber.onSubscribe(new Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
                subscriber.onError(new IllegalStateException("an answer's body can be read once"));
                return;
            }
            subscriber.onSubscribe(new Subscription() {
                private final AtomicBoolean sent = new AtomicBoolean();

                @Override
                public void request(long n) {
                    if (n <= 0) {
                        subscriber.onError(new IllegalArgumentException("demand must be positive, was " + n));
                    } else if (sent.compareAndSet(false, true)) {
                        if (body.hasRemaining()) {
                            subscriber.onNext(body);
                        }
                        subscriber.onComplete();
                        done.complete(null);
                    }
                }

                @Override
                public void cancel() {
                    if (sent.compareAndSet(false, true)) {
                        done.complete(null);
                    }
                }
            });
        }
    }
}
