/**
 * The seam between the HTTP API and whatever decides who reads a request:
 * {@link org.freerpacapture.gateway.execute.RequestExecutor} takes the decoded request and its
 * {@link org.freerpacapture.gateway.execute.RequestInfo} and returns a {@code Future} of an
 * {@link org.freerpacapture.gateway.execute.Outcome} (the result plus route, variant, cascade and fallback facts).
 */
package org.freerpacapture.gateway.execute;
