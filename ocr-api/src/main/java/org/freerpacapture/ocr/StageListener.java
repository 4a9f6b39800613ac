package org.freerpacapture.ocr;

/**
 * Told when a provider finishes one stage of one page (the local engine's {@code detect}, {@code classify},
 * {@code recognize}), so the gateway can trace and measure stages without this module knowing how.
 *
 * <p>Called on the thread that ran the stage (an inference-pool worker): implementations must be quick,
 * thread-safe and must not throw.
 */
@FunctionalInterface
public interface StageListener {

    /** Listens to nothing: what requests carry unless the caller asks for stage timings. */
    StageListener NONE = timing -> {
    };

    void stageDone(StageTiming timing);
}
