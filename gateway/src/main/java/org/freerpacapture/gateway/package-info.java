/**
 * The gateway: HTTP API, routing, admin API. The request path is HTTP → decode → route → execute → normalize →
 * respond; each stage lives in its own package.
 */
package org.freerpacapture.gateway;
