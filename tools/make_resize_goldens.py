#!/usr/bin/python3
"""Golden resize / crop / normalise outputs from Pillow and torchvision, for SlideEmbed's preprocessing tests.

For a few fixture tiles (regions of CMU-1-Small-Region.svs read with openslide-python, plus a
synthetic high-contrast pattern that stresses ringing and clipping), this writes to
tests/goldens/resize/:
  - <tile>.rgb.gz                  the input tile (raw RGB, row-major)
  - <tile>.<case>.rgb.gz           PIL Image.resize output for each case (size, filter)
  - <tile>.<case>.f32.gz           torchvision ToTensor + Normalize(IMNET) after the resize and a
                                   CenterCrop(c): float32 little-endian, CHW
  - cases.json                     the index: sizes, filters, sha256 of every raw file, versions

Run from the repository root (Debian: apt-get install -y python3-openslide python3-pil python3-torch
python3-torchvision libopenblas0-pthread):

    /usr/bin/python3 tools/make_resize_goldens.py [--slides ../shared/slides]

The goldens pin SlideEmbed to the reference stack: never rerun this to make a failing test pass.
"""
import argparse
import gzip
import hashlib
import json
import os

import numpy as np
import openslide
import PIL
from PIL import Image

import torch
import torchvision
from torchvision import transforms

IMNET_MEAN = [0.485, 0.456, 0.406]
IMNET_STD = [0.229, 0.224, 0.225]

# (name, (x, y), size) regions of CMU-1-Small-Region.svs at level 0.
REGIONS = [("cmu-257", (1000, 1500), 257), ("cmu-512", (600, 900), 512)]
# (output edge, filter name, crop edge or None)
CASES = [(224, "bilinear", 224), (224, "bicubic", 224), (256, "bicubic", 224), (448, "bicubic", 448),
         (224, "bilinear", None), (112, "bilinear", None), (300, "bicubic", 256)]
# Float tensors compress poorly: keep them for a few (tile, case) pairs only.
TENSOR_CASES = {("cmu-257", "224-bilinear-crop224"), ("cmu-512", "256-bicubic-crop224"), ("pattern-301", "300-bicubic-crop256")}
FILTERS = {"bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC}
TV_FILTERS = {"bilinear": transforms.InterpolationMode.BILINEAR, "bicubic": transforms.InterpolationMode.BICUBIC}


def write_gz(path, data):
    with open(path, "wb") as raw:
        # mtime=0 keeps the gzip bytes stable across runs.
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
            f.write(data)
    return hashlib.sha256(data).hexdigest()


def pattern(size):
    y, x = np.mgrid[0:size, 0:size]
    r = ((x // 3 + y // 5) % 2) * 255
    g = (x * 255 // max(1, size - 1))
    b = np.where((x - size / 2) ** 2 + (y - size / 2) ** 2 < (size / 3) ** 2, 0, 255)
    return np.stack([r, g, b], axis=-1).astype(np.uint8)


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--slides", default=os.path.join(repo, "..", "shared", "slides"))
    args = parser.parse_args()
    out = os.path.join(repo, "tests", "goldens", "resize")
    os.makedirs(out, exist_ok=True)

    tiles = []
    slide = openslide.OpenSlide(os.path.join(args.slides, "CMU-1-Small-Region.svs"))
    for name, (x, y), size in REGIONS:
        rgba = np.asarray(slide.read_region((x, y), 0, (size, size)))
        assert (rgba[..., 3] == 255).all(), "fixture regions are fully opaque"
        tiles.append((name, rgba[..., :3].copy()))
    tiles.append(("pattern-301", pattern(301)))

    index = {"pillow": PIL.__version__, "torch": torch.__version__, "torchvision": torchvision.__version__,
             "mean": IMNET_MEAN, "std": IMNET_STD, "tiles": []}
    for name, pixels in tiles:
        h, w, _ = pixels.shape
        entry = {"name": name, "width": w, "height": h,
                 "sha256": write_gz(os.path.join(out, f"{name}.rgb.gz"), pixels.tobytes()), "cases": []}
        image = Image.fromarray(pixels, "RGB")
        for size, filt, crop in CASES:
            case = f"{size}-{filt}-crop{crop or 0}"
            if size > w and not name.startswith("pattern"):
                continue  # upsampling is covered by the (well compressible) pattern
            resized = image.resize((size, size), FILTERS[filt])
            resized_bytes = np.asarray(resized).tobytes()
            # torchvision's own path must agree with the direct PIL call it wraps.
            tv = transforms.Resize(size, interpolation=TV_FILTERS[filt])(image)
            assert np.asarray(tv).tobytes() == resized_bytes
            entry_case = {"case": case, "size": size, "filter": filt, "crop": crop,
                          "resized_sha256": write_gz(os.path.join(out, f"{name}.{case}.rgb.gz"), resized_bytes)}
            entry["cases"].append(entry_case)
            if (name, case) not in TENSOR_CASES:
                continue
            steps = [transforms.Resize(size, interpolation=TV_FILTERS[filt])]
            if crop is not None:
                steps.append(transforms.CenterCrop(crop))
            steps += [transforms.ToTensor(), transforms.Normalize(IMNET_MEAN, IMNET_STD)]
            tensor = transforms.Compose(steps)(image).numpy().astype("<f4")
            entry_case.update({
                "tensor_shape": list(tensor.shape),
                "tensor_file": f"{name}.{case}.f32.gz",
                "tensor_sha256": write_gz(os.path.join(out, f"{name}.{case}.f32.gz"), tensor.tobytes()),
            })
        index["tiles"].append(entry)

    with open(os.path.join(out, "cases.json"), "w") as f:
        json.dump(index, f, indent=2)
        f.write("\n")
    print(f"wrote {sum(len(t['cases']) for t in index['tiles'])} cases for {len(tiles)} tiles to {out}")


if __name__ == "__main__":
    main()
