#!/usr/bin/python3
"""What GrandQC's JPEG step changes: the reference pipeline of tools/conformance_segmenter.py run with
and without it on slide thumbnails at 10 um/px, with seeded random weights in the released layout.

For each slide and seed it prints the fraction of segmenter-map pixels whose decision the step flips,
and the time per 512 px patch of the step (OpenCV) and of the network (torch, CPU). The numbers in
docs/TISSUE.md come from this script.

    /usr/bin/python3 tools/measure_segmenter_jpeg.py SLIDE [SLIDE ...] [--seeds 3 17]
"""

import argparse
import json
import os
import sys
import time

import cv2
import numpy as np
import openslide
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import conformance_segmenter as cs  # noqa: E402
import export_segmenter as es  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def thumbnail(path, mpp):
    """The slide at mpp um/px on white, as GrandQC upstream's get_thumbnail."""
    slide = openslide.OpenSlide(path)
    slide_mpp = float(slide.properties.get(openslide.PROPERTY_NAME_MPP_X, 0.5))
    w, h = slide.dimensions
    size = (max(1, round(w * slide_mpp / mpp)), max(1, round(h * slide_mpp / mpp)))
    return np.asarray(slide.get_thumbnail(size).convert("RGB"))


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("slides", nargs="+")
    p.add_argument("--seeds", type=int, nargs="+", default=[3, 17])
    args = p.parse_args(argv)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    with open(os.path.join(ROOT, "manifests", "grandqc-tissue.json")) as f:
        manifest = json.load(f)
    mpp = manifest["tile"]["mpp"]
    patch = np.random.RandomState(0).randint(0, 256, (512, 512, 3), dtype=np.uint8)
    start = time.perf_counter()
    for _ in range(20):
        ok, enc = cv2.imencode(".jpg", patch, [cv2.IMWRITE_JPEG_QUALITY, 80])
        cv2.imdecode(enc, cv2.IMREAD_COLOR)
    jpeg_ms = (time.perf_counter() - start) / 20 * 1000
    results = []
    for seed in args.seeds:
        model = es.init_random(es.build("grandqc-tissue"), seed).eval()
        x = torch.zeros(1, 3, 512, 512)
        with torch.no_grad():
            model(x)
            start = time.perf_counter()
            model(x)
        net_ms = (time.perf_counter() - start) * 1000
        for path in args.slides:
            image = thumbnail(path, mpp)
            with_jpeg, margin = cs.reference(model, manifest, image, mpp, jpeg=True)
            without, _ = cs.reference(model, manifest, image, mpp, jpeg=False)
            changed = int((with_jpeg != without).sum())
            results.append({"slide": os.path.basename(path), "seed": seed, "map": list(with_jpeg.shape),
                            "tissue_fraction": float(with_jpeg.mean()), "changed_pixels": changed,
                            "changed_fraction": changed / with_jpeg.size,
                            "jpeg_ms_per_patch": round(jpeg_ms, 2), "network_ms_per_patch": round(net_ms, 1)})
            print(json.dumps(results[-1]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
