/**
 * The local engine: PaddleOCR's PP-OCR pipeline (DB detection, perspective crops, angle classification, CTC
 * recognition, reading order) on ONNX Runtime, with OpenCV for geometry. Entry points: {@link
 * org.freerpacapture.inference.ppocr.PpOcrProvider} and the bounded {@link org.freerpacapture.inference.ppocr.runtime.InferencePool}.
 */
package org.freerpacapture.inference.ppocr;
