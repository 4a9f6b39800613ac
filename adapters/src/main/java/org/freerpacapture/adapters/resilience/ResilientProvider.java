package org.freerpacapture.adapters.resilience;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.FailurePolicy;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.freerpacapture.ocr.Failures;
import org.freerpacapture.ocr.Deadline;
import org.freerpacapture.ocr.OcrProvider;
import org.freerpacapture.ocr.OcrRequest;
import org.freerpacapture.ocr.OcrResult;
import org.freerpacapture.ocr.ProviderException;
import org.freerpacapture.ocr.ProviderInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts a raw cloud adapter behind the same protection for every provider: a concurrency cap, a circuit breaker,
 * per-attempt timeouts inside the request's deadline, and budgeted retries with backoff that honour
 * {@code Retry-After}. Every failure leaves as a {@link ProviderException} whose kind the gateway maps to
 * {@code provider_throttled} 429, {@code provider_unavailable} 503, {@code provider_rejected} 422 or
 * {@code provider_timeout} 504; the routing policy's fallback then applies.
 *
 * <h2>What the raw adapter must do</h2>
 * <ul>
 *   <li>Implement {@link OcrProvider} and make one attempt per {@code analyze} call, no retries of its own
 *       (polling an asynchronous job is part of one attempt).</li>
 *   <li>Finish by {@code request.deadline()}: the request it receives carries the <em>attempt's</em> deadline,
 *       {@code min(timeoutMs, time the caller has left)}. This decorator fails the attempt at that moment
 *       anyway; a well-behaved adapter also stops its own work.</li>
 *   <li>Fail with {@link ProviderCallException} saying kind, retryable and {@code Retry-After}
 *       ({@link ProviderCallException#forStatus} reads common HTTP statuses). Anything else is read by
 *       {@link ProviderCallException#forTransport}.</li>
 * </ul>
 *
 * <h2>One call</h2>
 * <ol>
 *   <li>Deposit into the retry budget; take a concurrency slot or refuse at once ({@code UNAVAILABLE},
 *       Retry-After 1 s). The slot is held until the call ends.</li>
 *   <li>Each attempt passes the circuit breaker (an open circuit refuses at once: {@code UNAVAILABLE} with
 *       Retry-After = time until the trial call) and runs with timeout {@code min(timeoutMs, remaining)}.</li>
 *   <li>A retryable failure is retried when attempts remain, the budget has a token, and the wait
 *       {@code max(full-jitter backoff, Retry-After)} ends before the deadline. A {@code Retry-After} past the
 *       deadline ends the call at once with that failure and that {@code Retry-After} rather than waiting.</li>
 * </ol>
 *
 * <p>The breaker is Vert.x's ({@code vertx-circuit-breaker}), with its own timeout and retries switched off
 * (they live here, where the deadline is known) and a failure policy that counts only failures saying the
 * provider is unhealthy: 5xx, connection faults, timeouts, unreadable answers. Throttling and rejected
 * documents do not open the circuit: the provider is up, and fallback handles them per call.
 */
public final class ResilientProvider implements OcrProvider {

    private static final Logger log = LoggerFactory.getLogger(ResilientProvider.class);
    private static final Duration CAP_RETRY_AFTER = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final OcrProvider raw;
    private final ResilienceOptions options;
    private final CircuitBreaker breaker;
    private final RetryBudget budget;
    private final Backoff backoff;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong successes = new AtomicLong();
    private final Map<ProviderException.Kind, AtomicLong> failures = new EnumMap<>(ProviderException.Kind.class);
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong budgetRefusals = new AtomicLong();
    private final AtomicLong capRefusals = new AtomicLong();
    private final AtomicLong shortCircuited = new AtomicLong();
    private volatile long openedAtNanos;

    public ResilientProvider(Vertx vertx, OcrProvider raw, ResilienceOptions options) {
        this.vertx = vertx;
        this.raw = raw;
        this.options = options;
        for (ProviderException.Kind k : ProviderException.Kind.values()) {
            failures.put(k, new AtomicLong());
        }
        this.budget = new RetryBudget(options.retryBudgetRatio(), options.retryBudgetInitial(),
                options.retryBudgetMax());
        this.backoff = new Backoff(options.backoffBase(), options.backoffMax());
        this.breaker = CircuitBreaker.create("provider:" + raw.id(), vertx, new CircuitBreakerOptions()
                        .setMaxFailures(options.breakerFailureThreshold())
                        .setResetTimeout(options.breakerResetTimeout().toMillis())
                        .setFailuresRollingWindow(options.breakerWindow().toMillis())
                        .setTimeout(-1)
                        .setMaxRetries(0)
                        .setNotificationAddress(null))
                .failurePolicy(countsAgainstBreaker())
                .openHandler(v -> {
                    openedAtNanos = System.nanoTime();
                    log.warn("provider {}: circuit opened after {} failures", raw.id(),
                            options.breakerFailureThreshold());
                })
                .halfOpenHandler(v -> log.info("provider {}: circuit half-open, one trial call", raw.id()))
                .closeHandler(v -> log.info("provider {}: circuit closed", raw.id()));
    }

    @Override
    public ProviderInfo info() {
        return raw.info();
    }

    /** The adapter this decorates. */
    public OcrProvider raw() {
        return raw;
    }

    public ResilienceOptions options() {
        return options;
    }

    @Override
    public CompletionStage<OcrResult> analyze(OcrRequest request) {
        calls.incrementAndGet();
        budget.deposit();
        if (inFlight.incrementAndGet() > options.maxConcurrency()) {
            inFlight.decrementAndGet();
            capRefusals.incrementAndGet();
            return finish(Future.failedFuture(new ProviderException(ProviderException.Kind.UNAVAILABLE, id(),
                    "provider " + id() + " has " + options.maxConcurrency() + " calls in flight, its limit",
                    CAP_RETRY_AFTER, null))).toCompletionStage();
        }
        return finish(attempt(request, 0).eventually(() -> {
            inFlight.decrementAndGet();
            return Future.succeededFuture();
        })).toCompletionStage();
    }

    private Future<OcrResult> attempt(OcrRequest request, int retry) {
        Deadline deadline = request.deadline();
        if (deadline.expired()) {
            return Future.failedFuture(deadlineSpent());
        }
        Duration slice = min(options.attemptTimeout(), deadline.remaining());
        OcrRequest attemptRequest = request.attempt(Deadline.after(slice));
        return breaker.<OcrResult>execute(() -> timed(attemptRequest, slice))
                .recover(err -> afterFailure(request, retry, classify(err)));
    }

    private Future<OcrResult> afterFailure(OcrRequest request, int retry, ProviderCallException failure) {
        Deadline deadline = request.deadline();
        if (!failure.retryable() || retry >= options.maxRetries()) {
            return Future.failedFuture(failure.kind() == ProviderException.Kind.TIMEOUT && deadline.expired()
                    ? deadlineSpent() : failure.toProviderException(id()));
        }
        Duration remaining = deadline.remaining();
        Duration retryAfter = failure.retryAfter().orElse(Duration.ZERO);
        if (failure.retryAfter().isPresent() && retryAfter.compareTo(remaining) >= 0) {
            // Waiting would spend the caller's whole budget: answer now, with the provider's Retry-After.
            return Future.failedFuture(failure.toProviderException(id()));
        }
        Duration wait = max(backoff.delay(retry), retryAfter);
        if (wait.compareTo(remaining) >= 0) {
            return Future.failedFuture(failure.kind() == ProviderException.Kind.TIMEOUT
                    ? deadlineSpent() : failure.toProviderException(id()));
        }
        if (!budget.tryWithdraw()) {
            budgetRefusals.incrementAndGet();
            return Future.failedFuture(failure.toProviderException(id()));
        }
        retries.incrementAndGet();
        log.debug("provider {}: retry {} in {} ms after {}", id(), retry + 1, wait.toMillis(), failure.kind());
        return sleep(wait).compose(v -> attempt(request, retry + 1));
    }

    /** One attempt of the raw adapter, failed at the end of its slice if it has not answered. */
    private Future<OcrResult> timed(OcrRequest attemptRequest, Duration slice) {
        Promise<OcrResult> outcome = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, slice.toMillis()), id -> outcome.tryFail(
                ProviderCallException.timeout("provider " + id() + " did not answer within " + slice.toMillis()
                        + " ms")));
        CompletionStage<OcrResult> stage;
        try {
            stage = raw.analyze(attemptRequest);
        } catch (RuntimeException e) {
            stage = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((result, err) -> {
            vertx.cancelTimer(timer);
            if (err != null) {
                outcome.tryFail(Failures.cause(err));
            } else {
                outcome.tryComplete(result);
            }
        });
        return outcome.future();
    }

    private ProviderCallException classify(Throwable err) {
        Throwable e = Failures.cause(err);
        if (e instanceof OpenCircuitException) {
            shortCircuited.incrementAndGet();
            Duration left = options.breakerResetTimeout().minusNanos(System.nanoTime() - openedAtNanos);
            return new ProviderCallException(ProviderException.Kind.UNAVAILABLE, false,
                    "provider " + id() + " is failing; its circuit is open", max(left, Duration.ofSeconds(1)), e);
        }
        if (e instanceof ProviderException pe) {
            // An adapter that already speaks the gateway's terms: retry only what is plainly transient.
            boolean retryable = pe.kind() == ProviderException.Kind.THROTTLED
                    || pe.kind() == ProviderException.Kind.UNAVAILABLE;
            return new ProviderCallException(pe.kind(), retryable, pe.getMessage(), pe.retryAfter().orElse(null), pe);
        }
        return ProviderCallException.forTransport(e);
    }

    private static FailurePolicy<OcrResult> countsAgainstBreaker() {
        return future -> {
            if (future.succeeded()) {
                return false;
            }
            Throwable e = Failures.cause(future.cause());
            if (e instanceof ProviderCallException pce) {
                return pce.signalsUnhealthy();
            }
            if (e instanceof ProviderException pe) {
                return pe.kind() == ProviderException.Kind.UNAVAILABLE || pe.kind() == ProviderException.Kind.TIMEOUT;
            }
            return true;
        };
    }

    private Future<OcrResult> finish(Future<OcrResult> call) {
        return call.transform(ar -> {
            if (ar.succeeded()) {
                successes.incrementAndGet();
                return Future.succeededFuture(ar.result());
            }
            ProviderException pe = ar.cause() instanceof ProviderException known ? known
                    : classify(ar.cause()).toProviderException(id());
            failures.get(pe.kind()).incrementAndGet();
            return Future.failedFuture(pe);
        });
    }

    private Future<Void> sleep(Duration d) {
        if (d.isZero()) {
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        vertx.setTimer(Math.max(1, d.toMillis()), id -> p.complete());
        return p.future();
    }

    private ProviderException deadlineSpent() {
        return new ProviderException(ProviderException.Kind.TIMEOUT, id(),
                "provider " + id() + " did not answer within the request's deadline");
    }

    /** A snapshot for {@code /admin/stats} and metrics. */
    public ResilienceStats stats() {
        Map<ProviderException.Kind, Long> byKind = new EnumMap<>(ProviderException.Kind.class);
        failures.forEach((k, v) -> byKind.put(k, v.get()));
        return new ResilienceStats(id(), calls.get(), successes.get(), byKind, retries.get(), budgetRefusals.get(),
                capRefusals.get(), shortCircuited.get(), breakerState(), Math.max(0, inFlight.get()),
                options.maxConcurrency(), budget.tokens());
    }

    public ResilienceStats.BreakerState breakerState() {
        CircuitBreakerState s = breaker.state();
        return switch (s) {
            case CLOSED -> ResilienceStats.BreakerState.CLOSED;
            case OPEN -> ResilienceStats.BreakerState.OPEN;
            case HALF_OPEN -> ResilienceStats.BreakerState.HALF_OPEN;
        };
    }

    @Override
    public void close() {
        breaker.close();
        raw.close();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
