/**
 * AWS Textract behind {@link org.freerpacapture.inference.OcrProvider} (kind {@code textract}).
 *
 * <p>{@link org.freerpacapture.adapters.textract.TextractProvider} sends each page to the synchronous API
 * ({@code DetectDocumentText}, or {@code AnalyzeDocument} for forms and tables) through the SDK's async client,
 * {@code TextractUploads} decides what bytes a page goes as, {@code TextractBlocks} maps the block graph to the
 * unified page, and {@code TextractFailures} reads SDK exceptions for the shared resilience layer.
 */
package org.freerpacapture.adapters.textract;
