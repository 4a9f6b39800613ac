/** Cloud providers behind {@link org.freerpacapture.inference.OcrProvider}, with shared resilience. */
package org.freerpacapture.adapters;
