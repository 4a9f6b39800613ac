/**
 * The protection every cloud provider gets, in one place:
 * {@link org.freerpacapture.adapters.resilience.ResilientProvider} decorates a raw adapter with a concurrency cap,
 * a circuit breaker, per-attempt timeouts inside the request's deadline and budgeted, jittered retries that honour
 * {@code Retry-After}. Raw adapters describe their failures with
 * {@link org.freerpacapture.adapters.resilience.ProviderCallException}; the gateway reads
 * {@link org.freerpacapture.adapters.resilience.ResilienceStats} for {@code /admin/stats} and metrics.
 */
package org.freerpacapture.adapters.resilience;
