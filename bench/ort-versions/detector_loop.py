#!/usr/bin/env python3
"""The detector alone through ONNX Runtime's Python build: the same simplified graph, session settings and input
sizes as DetectorLoopBench (run that first: it writes the graph). Tells how much a release the Maven registry does
not serve yet would save (docs/decisions.md, "ONNX Runtime stays at 1.23.2").

    pip install onnxruntime numpy pillow
    python3 bench/ort-versions/detector_loop.py ../shared/data/sroie-dev/img /tmp/det_simplified.onnx [threads]
"""
import glob
import sys
import time

import numpy as np
import onnxruntime as ort
from PIL import Image


def detection_size(width, height, limit=1280):
    """The engine's rule (DbTextDetector.inputSize): longer side at most `limit`, sides rounded to 32."""
    ratio = min(1.0, limit / max(width, height))
    return max(32, int(round(height * ratio / 32)) * 32), max(32, int(round(width * ratio / 32)) * 32)


def main():
    images, model = sys.argv[1], sys.argv[2]
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.enable_cpu_mem_arena = True
    options.enable_mem_pattern = False
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    rng = np.random.default_rng(1)
    pages = [rng.random((1, 3) + detection_size(*Image.open(f).size), dtype=np.float32)
             for f in sorted(glob.glob(images + "/*.jpg"))]
    print(f"onnxruntime {ort.__version__}, {threads} intra-op threads, {len(pages)} pages")
    for round_ in range(3):
        started = time.perf_counter()
        for page in pages:
            session.run(None, {name: page})
        print(f"round {round_}: {(time.perf_counter() - started) * 1000 / len(pages):.1f} ms per page")


if __name__ == "__main__":
    main()
