/**
 * The public HTTP API. {@link org.freerpacapture.gateway.http.HttpApi} builds the router; each analyze request is
 * one flat chain in {@link org.freerpacapture.gateway.http.AnalyzeHandler}: intake
 * ({@code UploadReader}: raw body or multipart {@code file} part, media type as declared, or left to the decoder to recognise) → decode
 * ({@link org.freerpacapture.gateway.http.DecodePool}, bounded {@code decode-pool}) → execute
 * ({@link org.freerpacapture.gateway.execute.RequestExecutor}) → controls (screens:
 * {@link org.freerpacapture.gateway.http.ControlPool}, bounded {@code control-pool}) → respond, raced against the
 * request's deadline.
 * Every failure ends in {@code ErrorResponder} as {@code {"error":{"code","message"}}}.
 * The routes are described in {@code openapi.yaml}, served at {@code GET /openapi.yaml}.
 */
package org.freerpacapture.gateway.http;
