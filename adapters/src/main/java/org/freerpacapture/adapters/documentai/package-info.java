/**
 * Google Cloud Document AI behind {@link org.freerpacapture.ocr.OcrProvider} (kind {@code document-ai}).
 *
 * <p>{@link org.freerpacapture.adapters.documentai.DocumentAiProvider} calls the REST {@code :process} method
 * with the Vert.x web client; {@code AccessTokens} and {@code ServiceAccountAssertion} do the service-account
 * OAuth2 flow with {@code java.security} only; {@code DocumentAiPages} resolves text anchors and geometry into
 * the unified pages; {@code DocumentAiFailures} reads {@code google.rpc.Status} errors.
 */
package org.freerpacapture.adapters.documentai;
