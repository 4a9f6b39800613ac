/**
 * The gateway: HTTP API, routing, admin API. The request path is HTTP → decode → route → execute → normalize →
 * respond; each stage lives in its own package.
 *
 * <p>{@link org.freerpacapture.gateway.Gateway} wires production: the routing policy (from
 * {@code GATEWAY_POLICY_FILE} or the default), the public listener, the local models, then
 * {@link org.freerpacapture.gateway.LiveRouting} (policy store, provider instances from
 * {@link org.freerpacapture.gateway.ProviderRegistry}, statistics, executor, canary watch) and the admin API.
 */
package org.freerpacapture.gateway;
