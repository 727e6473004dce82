#!/usr/bin/python3
"""Goldens for OpenCV's bilinear resize on uint8 RGB (cv2.resize, INTER_LINEAR), the resize TRIDENT
applies to every patch it reads from the slide for a segmenter (tile.source = slide).

Writes deterministic synthetic images and OpenCV's resize of each, from Debian's python3-opencv (4.6),
into tests/goldens/cvresize/:

    <case>.in.rgb.gz    the source, raw uint8, height x width x 3, gzip
    <case>.out.rgb.gz   cv2.resize(src, (w, h), interpolation=cv2.INTER_LINEAR), same layout
    index.json          cases (sizes), OpenCV version, SHA-256 of both raw files

Cases cover upscaling and downscaling (by less than 2, exactly 2, and far more than 2), odd sizes,
and a 512 px output as the segmenters use. tests/SlideEmbed.Tests/Segmentation/OpenCvLinearResizeTests.cs
compares the C# resize with them byte for byte. Never rerun this to make a failing test pass.

    /usr/bin/python3 tools/make_cvresize_goldens.py [--out tests/goldens/cvresize]
"""

import argparse
import gzip
import hashlib
import json
import os
import sys

import cv2
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# name -> (source width, source height, output width, output height, pattern phase)
CASES = {
    "up-odd": (13, 11, 64, 47, 1),
    "up-512": (41, 9, 512, 64, 2),
    "up-non-integer": (50, 37, 129, 97, 3),
    "down-1.7": (219, 163, 129, 97, 4),
    "down-2-exact": (128, 96, 64, 48, 5),
    "down-8": (263, 197, 32, 25, 6),
    "down-to-300": (359, 353, 300, 300, 7),
    "mixed": (97, 300, 211, 61, 8),
}


def image(width, height, seed):
    """Stain-like colour fields with sharp edges: every interpolation weight matters."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float64)
    base = np.stack([200 + 50 * np.sin(xx / 7.3 + seed), 120 + 90 * np.cos(yy / 5.1), 160 + 60 * np.sin((xx + yy) / 11.0)], -1)
    edges = ((xx // 9 + yy // 13) % 2)[..., None] * np.array([-60.0, 40.0, -30.0])
    return np.clip(np.round(base + edges), 0, 255).astype(np.uint8)


def write_gz(path, data):
    # mtime=0 keeps the files byte-identical across runs.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(data.tobytes())


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--out", default=os.path.join(ROOT, "tests", "goldens", "cvresize"))
    args = p.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    index = {"opencv": cv2.__version__, "interpolation": "INTER_LINEAR", "cases": []}
    for name, (sw, sh, dw, dh, seed) in CASES.items():
        src = image(sw, sh, seed)
        out = cv2.resize(src, (dw, dh), interpolation=cv2.INTER_LINEAR)
        assert out.shape == (dh, dw, 3)
        write_gz(os.path.join(args.out, name + ".in.rgb.gz"), src)
        write_gz(os.path.join(args.out, name + ".out.rgb.gz"), out)
        index["cases"].append({"name": name, "source_width": sw, "source_height": sh, "width": dw, "height": dh,
                               "sha256": hashlib.sha256(src.tobytes()).hexdigest(),
                               "out_sha256": hashlib.sha256(out.tobytes()).hexdigest()})
    with open(os.path.join(args.out, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")
    print(json.dumps({"cases": len(index["cases"])}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
