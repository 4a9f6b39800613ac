/**
 * AWS Textract behind {@link org.freerpacapture.ocr.OcrProvider} (kind {@code textract}).
 *
 * <p>{@link org.freerpacapture.adapters.textract.TextractProvider} sends each page to the synchronous API
 * ({@code DetectDocumentText}, or {@code AnalyzeDocument} for forms and tables), {@code TextractClient} makes each
 * call (AWS JSON 1.1 over Vert.x's HTTP client, SigV4 by the AWS SDK's signer, a span per call),
 * {@code TextractUploads} decides what bytes a page goes as, {@code TextractBlocks} maps the block graph to the
 * unified page, and {@code TextractFailures} reads error answers and transport failures for the shared resilience
 * layer. Signing and the held credentials are shared with other AWS calls ({@link org.freerpacapture.adapters.aws}).
 */
package org.freerpacapture.adapters.textract;
