/**
 * The seam between the HTTP API and whatever decides who reads a request:
 * {@link org.freerpacapture.gateway.execute.RequestExecutor} takes the decoded request and its
 * {@link org.freerpacapture.gateway.execute.RequestInfo} and returns a {@code Future} of an
 * {@link org.freerpacapture.gateway.execute.Outcome} (the result plus route, variant, cascade and fallback facts).
 *
 * <p>{@link org.freerpacapture.gateway.execute.PolicyExecutor} is the gateway's executor: it routes each request
 * by the {@link org.freerpacapture.gateway.execute.PolicySnapshot} in force and runs primary, fallback, cascade
 * and shadow ({@link org.freerpacapture.gateway.execute.ShadowReader}).
 * {@link org.freerpacapture.gateway.execute.TestProvider} is the policy's {@code test} kind, for tests and drills.
 */
package org.freerpacapture.gateway.execute;
