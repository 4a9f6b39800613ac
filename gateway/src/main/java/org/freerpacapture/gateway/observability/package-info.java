/**
 * What the gateway tells operators about itself: traces (OpenTelemetry, exported over OTLP when the standard
 * {@code OTEL_*} variables say so), metrics (Micrometer, scraped from {@code GET /metrics} on the admin port) and
 * one JSON log line per request.
 *
 * <p>The request path calls small hooks here and never the SDKs directly: {@link
 * org.freerpacapture.gateway.observability.RequestObservation} follows one HTTP request from intake to its closing
 * step, {@link org.freerpacapture.gateway.observability.ExecutionHooks} is what the executor calls around routing,
 * provider calls and shadow reads, and {@link org.freerpacapture.gateway.observability.GatewayMetrics} names every
 * series. {@link org.freerpacapture.gateway.observability.Observability} builds them all once, at start-up.
 * Labels only take values from configuration (routes, variants, provider ids, stages, error codes): never request
 * ids, tenants or document content.
 */
package org.freerpacapture.gateway.observability;
