/**
 * The gateway's settings: {@link org.freerpacapture.gateway.config.Setting} is the inventory (environment name, file
 * key, default, meaning), {@link org.freerpacapture.gateway.config.GatewayConfigLoader} resolves defaults ← file
 * ({@code GATEWAY_CONFIG}, YAML or JSON) ← environment into an immutable
 * {@link org.freerpacapture.gateway.config.GatewayConfig}. See {@code docs/configuration.md}.
 */
package org.freerpacapture.gateway.config;
