package org.freerpacapture.ocr;

/**
 * The provider that served a result.
 *
 * @param id      the policy's name for it ({@code onnx:ppocr-v4}, {@code textract:eu})
 * @param kind    {@code onnx}, {@code textract}, {@code azure-di} or {@code document-ai}
 * @param model   the model it ran ({@code ch_PP-OCRv4}, {@code prebuilt-read})
 * @param version the model's or API's version
 */
public record ProviderInfo(String id, String kind, String model, String version) {
}
