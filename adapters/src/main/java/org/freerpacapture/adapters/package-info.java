/** Cloud providers behind {@link org.freerpacapture.ocr.OcrProvider}, with shared resilience. */
package org.freerpacapture.adapters;
