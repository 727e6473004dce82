#!/usr/bin/python3
"""Baseline for the tile-reading benchmark: the usual Python loop, one process.

What it measures
    What one data-loader worker of TRIDENT or CLAM does per tile, in one
    process and one thread: openslide-python ``read_region`` -> RGB (composite
    on white) -> torchvision ``Resize`` / ``CenterCrop`` / ``ToTensor`` /
    ``Normalize`` on the PIL image -> ``torch.stack`` into a batch tensor. No
    model runs; the batch is dropped. It prints one JSON line: tiles, wall
    time, tiles per second, and the time split between reading and
    preprocessing.

Which tiles
    Either a CSV with one tile per line, ``x,y,level,size`` (x, y in level-0
    pixels; a size x size region read at ``level``; a header line is skipped),
    or the grid rule of the SlideEmbed tiler at level 0: edge =
    round_half_away_from_zero(read_size * tile_mpp / slide_mpp), tiles at
    multiples of the edge that fit in the slide (``--grid-mpp``,
    ``--grid-read-size``). ``--tiles N`` reads N tiles, cycling through the
    list when it is shorter.

How to run it (from the repository root)
    apt-get install -y $(cat tools/requirements-debian.txt)
    /usr/bin/python3 tools/bench_python_reader.py ../shared/slides/CMU-1-Small-Region.svs \\
        --tiles 500 --size 224 --interpolation bilinear
    /usr/bin/python3 tools/bench_python_reader.py SLIDE --manifest manifests/uni.json --tiles 1000
    /usr/bin/python3 tools/bench_python_reader.py SLIDE --csv tiles.csv --size 224 --crop 224

    libopenblas0-pthread must be installed: Debian's torch otherwise falls back
    to the reference BLAS and is far slower. torch runs on one thread
    (torch.set_num_threads(1)) so the number is per core.
"""

import argparse
import csv
import json
import os
import sys
import time


def round_half_away_from_zero(v):
    import math
    return int(math.floor(abs(v) + 0.5)) * (1 if v >= 0 else -1)


def blas_library():
    for path in ("/usr/lib/x86_64-linux-gnu/libblas.so.3", "/usr/lib/aarch64-linux-gnu/libblas.so.3"):
        if os.path.exists(path):
            return os.path.realpath(path)
    return None


def load_tiles(args, slide):
    if args.csv:
        tiles = []
        with open(args.csv, newline="") as f:
            for row in csv.reader(f):
                if not row or not row[0].strip().lstrip("-").isdigit():
                    continue  # header or blank line
                x, y, level, size = (int(v) for v in row[:4])
                tiles.append((x, y, level, size))
        if not tiles:
            sys.exit(f"{args.csv}: no tiles")
        return tiles, "csv"
    mpp = float(slide.properties.get("openslide.mpp-x", 0) or 0) or args.slide_mpp
    if not mpp:
        sys.exit("the slide has no openslide.mpp-x; give --slide-mpp or --csv")
    edge = round_half_away_from_zero(args.grid_read_size * args.grid_mpp / mpp)
    width, height = slide.dimensions
    tiles = [(x, y, 0, edge) for y in range(0, height - edge + 1, edge)
             for x in range(0, width - edge + 1, edge)]
    if not tiles:
        sys.exit(f"no {edge} px tile fits in the slide")
    return tiles, f"grid: edge {edge} at level 0 (read_size {args.grid_read_size} at {args.grid_mpp} mpp, slide {mpp} mpp)"


def main(argv=None):
    p = argparse.ArgumentParser(description="One-process Python tile reading + preprocessing baseline.")
    p.add_argument("slide")
    p.add_argument("--csv", help="tile list: x,y,level,size per line")
    p.add_argument("--grid-mpp", type=float, default=0.5, help="tile mpp for the grid rule (default 0.5)")
    p.add_argument("--grid-read-size", type=int, default=256, help="tile edge at --grid-mpp (default 256)")
    p.add_argument("--slide-mpp", type=float, help="slide mpp when the file has none")
    p.add_argument("--tiles", type=int, default=500, help="number of tiles to read (default 500)")
    p.add_argument("--warmup", type=int, default=10, help="tiles read before timing (default 10)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--manifest", help="take size, crop, interpolation, mean, std (and the grid) from a manifest")
    p.add_argument("--size", type=int, default=224, help="Resize target (shorter edge); 0 = no resize")
    p.add_argument("--crop", type=int, default=0, help="CenterCrop edge; 0 = none")
    p.add_argument("--interpolation", choices=["bilinear", "bicubic", "nearest"], default="bilinear")
    p.add_argument("--mean", type=float, nargs=3, default=[0.485, 0.456, 0.406])
    p.add_argument("--std", type=float, nargs=3, default=[0.229, 0.224, 0.225])
    args = p.parse_args(argv)

    if args.manifest:
        with open(args.manifest) as f:
            m = json.load(f)
        pre = m["preprocess"]
        args.size = pre["resize"]["size"] if pre["resize"] else 0
        args.interpolation = pre["resize"]["interpolation"] if pre["resize"] else args.interpolation
        args.crop = pre["crop"] or 0
        args.mean, args.std = pre["mean"], pre["std"]
        args.grid_mpp, args.grid_read_size = m["tile"]["mpp"], m["tile"]["read_size"]

    import numpy as np
    import openslide
    import PIL
    from PIL import Image
    import torch
    import torchvision
    from torchvision import transforms

    torch.set_num_threads(1)
    blas = blas_library()
    if blas is not None and "openblas" not in blas:
        print(f"warning: BLAS is {blas}, not OpenBLAS; install libopenblas0-pthread", file=sys.stderr)

    modes = {"bilinear": transforms.InterpolationMode.BILINEAR,
             "bicubic": transforms.InterpolationMode.BICUBIC,
             "nearest": transforms.InterpolationMode.NEAREST}
    steps = []
    if args.size:
        steps.append(transforms.Resize(args.size, interpolation=modes[args.interpolation], antialias=True))
    if args.crop:
        steps.append(transforms.CenterCrop(args.crop))
    steps += [transforms.ToTensor(), transforms.Normalize(args.mean, args.std)]
    transform = transforms.Compose(steps)

    slide = openslide.OpenSlide(args.slide)
    background = slide.properties.get("openslide.background-color", "FFFFFF")
    bg = tuple(int(background[i:i + 2], 16) for i in (0, 2, 4))
    tiles, source = load_tiles(args, slide)

    def read(tile):
        x, y, level, size = tile
        rgba = slide.read_region((x, y), level, (size, size))
        rgb = Image.new("RGB", rgba.size, bg)
        rgb.paste(rgba, mask=rgba.split()[3])  # composite on the background
        return rgb

    for i in range(args.warmup):
        transform(read(tiles[i % len(tiles)]))

    read_s = prep_s = 0.0
    batch, batches, shape = [], 0, None
    start = time.perf_counter()
    for i in range(args.tiles):
        t0 = time.perf_counter()
        img = read(tiles[i % len(tiles)])
        t1 = time.perf_counter()
        batch.append(transform(img))
        if len(batch) == args.batch_size or i == args.tiles - 1:
            stacked = torch.stack(batch)
            shape = list(stacked.shape)
            batches += 1
            batch = []
        t2 = time.perf_counter()
        read_s += t1 - t0
        prep_s += t2 - t1
    wall = time.perf_counter() - start
    slide.close()

    print(json.dumps({
        "tool": "python openslide + torchvision (one process, one thread)",
        "slide": os.path.basename(args.slide),
        "tiles": args.tiles,
        "distinct_tiles": len(tiles),
        "tile_source": source,
        "batch_size": args.batch_size,
        "batches": batches,
        "last_batch_shape": shape,
        "resize": args.size or None,
        "crop": args.crop or None,
        "interpolation": args.interpolation if args.size else None,
        "wall_s": round(wall, 4),
        "tiles_per_s": round(args.tiles / wall, 2) if wall > 0 else None,
        "read_ms_per_tile": round(1000 * read_s / args.tiles, 3),
        "preprocess_ms_per_tile": round(1000 * prep_s / args.tiles, 3),
        "versions": {"python": sys.version.split()[0], "openslide-python": openslide.__version__,
                     "openslide": getattr(openslide, "__library_version__", None),
                     "pillow": PIL.__version__, "torch": torch.__version__,
                     "torchvision": torchvision.__version__, "numpy": np.__version__},
        "torch_threads": torch.get_num_threads(),
        "blas": blas,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
