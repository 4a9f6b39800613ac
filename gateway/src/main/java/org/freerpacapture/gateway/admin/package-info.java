/**
 * The admin API: a second listener ({@code GATEWAY_ADMIN_PORT}) behind a bearer token, over which operators read
 * and replace the routing policy (ETag / If-Match), run canaries, read the history of changes and the live
 * statistics. {@link org.freerpacapture.gateway.admin.AdminApi} binds it; the endpoints and their examples are in
 * {@code docs/routing.md}. Every change goes through {@link org.freerpacapture.gateway.LiveRouting}, on its worker
 * pool.
 */
package org.freerpacapture.gateway.admin;
