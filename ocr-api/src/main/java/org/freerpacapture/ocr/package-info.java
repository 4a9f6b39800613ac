/**
 * The provider interface and the unified result every provider is mapped to.
 *
 * <p>{@link org.freerpacapture.ocr.OcrProvider} is the one seam between the gateway and anything that reads:
 * the local PP-OCR engine ({@code ppocr}), the cloud adapters, and test providers. Values are immutable records.
 */
package org.freerpacapture.ocr;
