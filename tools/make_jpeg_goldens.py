#!/usr/bin/python3
"""Goldens for GrandQC's JPEG round trip (preprocess.jpeg = {quality: 80, variant: opencv_bgr_quirk}).

Upstream passes every RGB patch through
    cv2.imdecode(cv2.imencode('.jpg', rgb, [cv2.IMWRITE_JPEG_QUALITY, 80])[1], cv2.IMREAD_COLOR)
and OpenCV takes the RGB array for BGR, so the YCbCr weights land on swapped channels; decoding
returns the same order. This writes deterministic synthetic 512 x 512 tiles and that output, from
Debian's python3-opencv (4.6, libjpeg-turbo 2.1), into tests/goldens/jpeg/ (512 x 512 but
for the noisy ones, which are smaller to keep the files small):

    <name>.rgb.gz      the tile, raw uint8, height x width x 3 (R, G, B), gzip
    <name>.q80.rgb.gz  OpenCV's round trip of it, same layout
    index.json      names, sizes, OpenCV version, SHA-256 of both files

tests/SlideEmbed.OpenSlide.Tests/TurboJpegRoundTripTests.cs compares the C# round trip with them.

    /usr/bin/python3 tools/make_jpeg_goldens.py [--out tests/goldens/jpeg]
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
SIZE = 512


def gradients():
    """Linear ramps in R and G, a diagonal ramp in B (every 8x8 block differs, yet gzip keeps it small)."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)
    return np.stack([xx / 2, yy / 2, (xx + yy) / 4], -1)


def noise():
    """Uniform noise, the worst case for the codec; 128 x 96 so the golden stays small."""
    return np.random.RandomState(7).uniform(0, 256, (96, 128, 3))


def he_blocks():
    """Hematoxylin, eosin, white background and pale pink in 32 px blocks, with mild noise, 256 x 256."""
    colours = np.array([[236, 234, 238], [200, 110, 160], [120, 60, 150], [230, 170, 200], [90, 40, 110]], np.float64)
    rng = np.random.RandomState(11)
    pick = rng.randint(0, len(colours), (8, 8))
    img = colours[np.kron(pick, np.ones((32, 32), np.int64))]
    return img + rng.normal(0, 4, img.shape)


def edges():
    """Sharp edges and thin lines: a checkerboard of saturated colours, one-pixel lines and a disc."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    check = ((xx // 37 + yy // 29) % 2).astype(bool)
    img = np.where(check[..., None], [255, 0, 0], [0, 0, 255]).astype(np.float64)
    img[(xx % 50) == 3] = [0, 255, 0]
    img[(yy % 61) == 7] = [255, 255, 255]
    disc = (xx - 300) ** 2 + (yy - 200) ** 2 < 90 ** 2
    img[disc] = [20, 20, 20]
    return img


def odd_size():
    """A tile whose sides are not multiples of the 16 px MCU (a patch at a cropped edge)."""
    rng = np.random.RandomState(3)
    yy, xx = np.mgrid[0:203, 0:117].astype(np.float64)
    base = np.stack([180 + 40 * np.cos(xx / 9), 120 + 60 * np.sin(yy / 13), 170 + 0 * xx], -1)
    return base + rng.normal(0, 2, base.shape)


TILES = {"gradients": gradients, "noise": noise, "he-blocks": he_blocks, "edges": edges, "odd-size": odd_size}


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--out", default=os.path.join(ROOT, "tests", "goldens", "jpeg"))
    args = p.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    index = {"opencv": cv2.__version__, "quality": 80, "tiles": []}
    for name, make in TILES.items():
        rgb = np.clip(np.round(make()), 0, 255).astype(np.uint8)
        ok, encoded = cv2.imencode(".jpg", rgb, [cv2.IMWRITE_JPEG_QUALITY, 80])
        assert ok
        out = cv2.imdecode(encoded, cv2.IMREAD_COLOR)
        assert out.shape == rgb.shape
        for suffix, data in ((".rgb.gz", rgb), (".q80.rgb.gz", out)):
            # mtime=0 keeps the files byte-identical across runs.
            with open(os.path.join(args.out, name + suffix), "wb") as raw, \
                    gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
                f.write(data.tobytes())
        index["tiles"].append({"name": name, "width": int(rgb.shape[1]), "height": int(rgb.shape[0]),
                               "sha256": hashlib.sha256(rgb.tobytes()).hexdigest(),
                               "q80_sha256": hashlib.sha256(out.tobytes()).hexdigest(),
                               "max_abs_change": int(np.abs(out.astype(int) - rgb).max())})
    with open(os.path.join(args.out, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")
    print(json.dumps(index))
    return 0


if __name__ == "__main__":
    sys.exit(main())
