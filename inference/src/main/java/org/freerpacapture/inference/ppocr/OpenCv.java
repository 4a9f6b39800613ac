package org.freerpacapture.inference.ppocr;

/** Loads OpenCV's native library (bundled in {@code org.openpnp:opencv}) once per process. */
final class OpenCv {
    private static volatile boolean loaded;

    private OpenCv() {
    }

    static void load() {
        if (!loaded) {
            synchronized (OpenCv.class) {
                if (!loaded) {
                    nu.pattern.OpenCV.loadLocally();
                    loaded = true;
                }
            }
        }
    }
}
