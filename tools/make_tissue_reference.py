#!/usr/bin/python3
"""Independent tissue-mask reference and tile-count goldens for CMU-1-Small-Region.svs.

What it does
    Mode 1 (default): a CLAM-style tissue mask made with OpenCV, independently of
    SlideEmbed's C# code, on the same low-resolution image SlideEmbed detects tissue
    on. It writes, to tests/goldens/tiles/:

    * cmu-reference-mask.png: the mask, 8-bit greyscale, 255 = tissue, 0 = background,
      one pixel per pixel of the low-resolution image;
    * cmu-reference-mask.json: the stack versions, the slide's SHA-256, the
      low-resolution image (level, factor, size, downsample, mpp), the parameters and
      thresholds in pixels, the kept contours and the SHA-256 of the mask as raw
      row-major bytes (1 = tissue, 0 = background).

    Mode 2 (--tile-counts): tests/goldens/tiles/cmu-tile-counts.json, which pins the
    tile counts and the first and last tile of `slideembed tiles` on the slide for a
    few settings. That file is a REGRESSION pin of SlideEmbed's behaviour, not an
    external truth: for each setting the script runs the CLI, then recomputes the grid
    from the CLI's own <id>.mask.png with an independent implementation of the
    documented tiling rule (README "Tiling", exact rational arithmetic) and stops
    unless its tile count equals the count the CLI printed.

The low-resolution image (SlideEmbed's LowResolutionImage rule, defaults TargetMpp 8,
MaxMpp 16)
    slide_mpp = mean of openslide.mpp-x and openslide.mpp-y (or --slide-mpp);
    level     = the coarsest level with slide_mpp * downsample <= 16 um/px (level 0
                when none is);
    factor    = max(1, floor(8 / (slide_mpp * level_downsample)));
    image     = ceil(w / factor) x ceil(h / factor) pixels of that level, each the mean
                of its factor x factor block (blocks at the right and bottom edges
                average only the pixels they hold), per channel, rounded half up in
                integers: (sum + n // 2) // n;
    downsample = level_downsample * factor (level-0 pixels per image pixel);
    mpp       = slide_mpp * downsample.
    For CMU-1-Small-Region.svs (2220 x 2967, one level, 0.499 um/px): level 0,
    factor floor(8 / 0.499) = 16, image 139 x 186 at 7.984 um/px.
    RGBA from openslide-python becomes RGB as in tools/make_region_goldens.py:
    (c * a + bg * (255 - a) + 127) // 255 on openslide.background-color, else white.

The reference (CLAM's classic segmentation, tcga preset, written here with OpenCV)
    1. S = cv2.cvtColor(RGB -> HSV)[..., 1];
    2. cv2.medianBlur(S, 7);
    3. tissue where the blurred S > 8 (cv2.threshold THRESH_BINARY at 8);
    4. cv2.morphologyEx(MORPH_CLOSE) with a 4 x 4 kernel of ones;
    5. cv2.findContours(RETR_CCOMP, CHAIN_APPROX_NONE): outer contours and their holes;
    6. area filters with cv2.contourArea, in the same physical units as SlideEmbed
       (TissueAreaUnits: one unit = a 128 x 128 um square = 16,384 um^2, i.e. CLAM's
       512 x 512 px reference patch at the 0.25 um/px TCGA resolution), so in image
       pixels a_t = 16 * (128 / mpp)^2 and a_h = 4 * (128 / mpp)^2: an outer contour
       is kept when its area minus its holes' areas exceeds a_t; of its holes, the
       8 (max_n_holes) largest are considered and those larger than a_h are kept;
    7. the mask: each kept outer contour filled, its kept holes punched out (filled
       with 0, then the hole contour itself redrawn as tissue, since OpenCV contours
       run through the tissue pixels that border the hole); regions ORed together.
    Known differences from SlideEmbed (why the test allows IoU >= 0.95 rather than
    equality): OpenCV areas run through pixel centres (SlideEmbed counts pixels),
    OpenCV's even-kernel closing is anchored off-centre, and thresholds compare with
    > here and >= in SlideEmbed.

How to run it (from the repository root)
    /usr/bin/python3 tools/make_tissue_reference.py [--slides-dir DIR] [--out DIR] [--check]
    /usr/bin/python3 tools/make_tissue_reference.py --tile-counts [--slideembed CMD]

    Needs Debian's python3-opencv, python3-openslide and python3-numpy:
        apt-get install -y python3-opencv python3-openslide python3-numpy
    --slides-dir defaults to ../shared/slides beside the repository root. --check
    recomputes the reference in memory and compares it with the committed files
    (exit 1 on a difference). --tile-counts needs a built CLI; --slideembed defaults
    to "dotnet src/SlideEmbed.Cli/bin/Release/net10.0/slideembed.dll"
    (build it first: dotnet build src/SlideEmbed.Cli -c Release).

NEVER rerun this to make a failing test pass.
    cmu-reference-mask.* is the independent reference TilesCmuReferenceTests compares
    SlideEmbed's mask with; a failure means SlideEmbed's detector moved away from
    CLAM. cmu-tile-counts.json pins behaviour: regenerate it only for a deliberate
    change of the tiling or of the default detector, and say so in the commit.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from fractions import Fraction

import cv2
import numpy as np
import openslide

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SLIDE = "CMU-1-Small-Region.svs"
SLIDE_ID = "CMU-1-Small-Region"

# SlideEmbed's LowResolutionOptions defaults.
TARGET_MPP = 8.0
MAX_MPP = 16.0

# CLAM's tcga preset.
STHRESH = 8
MTHRESH = 7
CLOSE = 4
A_T = 16
A_H = 4
MAX_N_HOLES = 8
REFERENCE_SQUARE_UM = 128.0

# Settings pinned by cmu-tile-counts.json: (name, CLI arguments).
# --min-tissue 0.25 is the CLI default, so the first setting also covers it (and pins that default).
TILE_SETTINGS = [
    ("mpp0.5-tile224-min0.25default", ["--mpp", "0.5", "--tile-size", "224"]),
    ("mpp0.5-tile256", ["--mpp", "0.5", "--tile-size", "256"]),
    ("mpp1.0-tile224-overlap32", ["--mpp", "1.0", "--tile-size", "224", "--overlap", "32"]),
    ("mpp0.5-tile224-min0", ["--mpp", "0.5", "--tile-size", "224", "--min-tissue", "0"]),
    ("mpp0.5-tile224-min0.5", ["--mpp", "0.5", "--tile-size", "224", "--min-tissue", "0.5"]),
]
TILE_DETECTOR = "clam:tcga"


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def background_of(slide):
    value = slide.properties.get("openslide.background-color")
    if value is None:
        return (255, 255, 255)
    value = value.strip().lstrip("#")
    return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))


def to_rgb(rgba, bg):
    px = rgba.astype(np.int32)
    a = px[..., 3:4]
    c = px[..., :3]
    bgv = np.array(bg, dtype=np.int32).reshape(1, 1, 3)
    out = (c * a + bgv * (255 - a) + 127) // 255
    out = np.where(a == 255, c, out)
    out = np.where(a == 0, bgv, out)
    return out.astype(np.uint8)


def slide_mpp(slide, override):
    if override is not None:
        return override
    try:
        return (float(slide.properties["openslide.mpp-x"]) + float(slide.properties["openslide.mpp-y"])) / 2
    except KeyError:
        raise SystemExit("the slide has no openslide.mpp-x/y; pass --slide-mpp")


def low_resolution(slide, mpp):
    """SlideEmbed's detection image: (rgb uint8 array, level, factor, downsample, image mpp)."""
    level = 0
    for i, d in enumerate(slide.level_downsamples):
        if mpp * d <= MAX_MPP and d > slide.level_downsamples[level]:
            level = i
    d = slide.level_downsamples[level]
    level_mpp = mpp * d
    factor = max(1, int(np.floor(TARGET_MPP / level_mpp)))
    w, h = slide.level_dimensions[level]
    rgba = np.asarray(slide.read_region((0, 0), level, (w, h)), dtype=np.uint8).reshape(h, w, 4)
    rgb = to_rgb(rgba, background_of(slide)).astype(np.int64)
    ow, oh = -(-w // factor), -(-h // factor)
    padded = np.zeros((oh * factor, ow * factor, 3), dtype=np.int64)
    padded[:h, :w] = rgb
    counts = np.zeros((oh * factor, ow * factor), dtype=np.int64)
    counts[:h, :w] = 1
    sums = padded.reshape(oh, factor, ow, factor, 3).sum(axis=(1, 3))
    n = counts.reshape(oh, factor, ow, factor).sum(axis=(1, 3))[..., None]
    image = ((sums + n // 2) // n).astype(np.uint8)
    return np.ascontiguousarray(image), level, factor, d * factor, level_mpp * factor


def clam_reference(rgb, image_mpp):
    """The CLAM tcga segmentation of an RGB image; returns (mask 0/1 uint8, details dict)."""
    saturation = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)[..., 1]
    blurred = cv2.medianBlur(saturation, MTHRESH)
    _, binary = cv2.threshold(blurred, STHRESH, 255, cv2.THRESH_BINARY)
    closed = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, np.ones((CLOSE, CLOSE), np.uint8))
    contours, hierarchy = cv2.findContours(closed, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    unit_px = (REFERENCE_SQUARE_UM / image_mpp) ** 2
    min_region = A_T * unit_px
    min_hole = A_H * unit_px

    mask = np.zeros(rgb.shape[:2], dtype=np.uint8)
    kept = []
    links = hierarchy[0] if hierarchy is not None else np.zeros((0, 4), dtype=np.int64)
    for index, link in enumerate(links):
        if link[3] != -1:
            continue  # a hole; handled with its parent
        holes = [k for k, other in enumerate(links) if other[3] == index]
        outer_area = cv2.contourArea(contours[index])
        hole_areas = [cv2.contourArea(contours[k]) for k in holes]
        net = outer_area - sum(hole_areas)
        if net <= 0 or not net > min_region:
            continue
        largest = sorted(holes, key=lambda k: cv2.contourArea(contours[k]), reverse=True)[:MAX_N_HOLES]
        kept_holes = [k for k in largest if cv2.contourArea(contours[k]) > min_hole]
        canvas = np.zeros_like(mask)
        cv2.drawContours(canvas, contours, index, 1, thickness=cv2.FILLED)
        for k in kept_holes:
            cv2.drawContours(canvas, contours, k, 0, thickness=cv2.FILLED)
            cv2.drawContours(canvas, contours, k, 1, thickness=1)
        mask |= canvas
        kept.append({
            "outer_area_px": outer_area,
            "net_area_px": net,
            "holes_found": len(holes),
            "holes_kept_area_px": [cv2.contourArea(contours[k]) for k in kept_holes],
        })

    details = {
        "saturation_threshold": STHRESH,
        "median_kernel": MTHRESH,
        "close_kernel": CLOSE,
        "a_t": A_T,
        "a_h": A_H,
        "max_n_holes": MAX_N_HOLES,
        "area_unit_um": REFERENCE_SQUARE_UM,
        "min_region_px": min_region,
        "min_hole_px": min_hole,
        "contours_found": len(contours),
        "regions_kept": kept,
    }
    return mask, details


def build_reference(slides_dir, mpp_override):
    path = os.path.join(slides_dir, SLIDE)
    if not os.path.isfile(path):
        raise SystemExit(f"missing {path}")
    slide = openslide.OpenSlide(path)
    mpp = slide_mpp(slide, mpp_override)
    rgb, level, factor, downsample, image_mpp = low_resolution(slide, mpp)
    mask, details = clam_reference(rgb, image_mpp)
    h, w = mask.shape
    index = {
        "what": "Independent CLAM-style (tcga preset) tissue mask of CMU-1-Small-Region.svs made with OpenCV "
                "on SlideEmbed's low-resolution image; the reference SlideEmbed's mask is compared with (IoU).",
        "produced_by": "/usr/bin/python3 tools/make_tissue_reference.py",
        "stack": {
            "opencv": cv2.__version__,
            "numpy": np.__version__,
            "openslide_python": openslide.__version__,
            "openslide": openslide.__library_version__,
        },
        "slide": {"file": SLIDE, "sha256": sha256_file(path), "level0": list(slide.dimensions), "mpp": mpp},
        "low_resolution": {
            "rule": "level = coarsest with mpp*downsample <= 16; factor = max(1, floor(8 / level_mpp)); "
                    "box mean of factor x factor blocks, partial edge blocks, rounded half up",
            "level": level,
            "factor": factor,
            "width": w,
            "height": h,
            "downsample": downsample,
            "mpp": image_mpp,
        },
        "mask": {
            "file": "cmu-reference-mask.png",
            "encoding": "8-bit greyscale PNG, 255 = tissue",
            "tissue_pixels": int(np.count_nonzero(mask)),
            "raw_sha256": hashlib.sha256(mask.astype(np.uint8).tobytes()).hexdigest(),
            "raw_sha256_of": "row-major bytes, 1 = tissue, 0 = background",
        },
        "clam": details,
    }
    return index, (mask * 255).astype(np.uint8)


def png_bytes(mask255):
    ok, encoded = cv2.imencode(".png", mask255)
    if not ok:
        raise SystemExit("PNG encoding failed")
    return encoded.tobytes()


def json_bytes(obj):
    return (json.dumps(obj, indent=2) + "\n").encode("utf-8")


# ----- tile counts -----

def cli_tiles(command, slide_path, out_dir, args):
    cmd = command + ["tiles", slide_path, "--out", out_dir, "--tissue", TILE_DETECTOR] + args
    run = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if run.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({run.returncode}):\n{run.stderr}")
    found = re.search(r": (\d+) tiles of .*grid (\d+) x (\d+)", run.stdout)
    if not found:
        raise SystemExit(f"unexpected CLI output: {run.stdout!r}")
    return int(found.group(1)), (int(found.group(2)), int(found.group(3)))


def round_half_away(value):
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


def covered(integral, x0, y0, x1, y1, width, height):
    """Exact mask area inside [x0, x1) x [y0, y1) (mask pixels, Fractions)."""
    def segments(a, b, size):
        out = []
        i = int(np.floor(a))
        while i < b:
            lo, hi = max(a, Fraction(i)), min(b, Fraction(i + 1))
            if 0 <= i < size and hi > lo:
                out.append((i, hi - lo))
            i += 1
        return out
    total = Fraction(0)
    for i, wx in segments(x0, x1, width):
        for j, wy in segments(y0, y1, height):
            total += wx * wy * int(integral[j + 1, i + 1] - integral[j, i + 1] - integral[j + 1, i] + integral[j, i])
    return total


def recompute_tiles(mask, slide_w, slide_h, slide_mpp_value, downsample, mpp, tile, overlap, min_tissue):
    """The README tiling rule on the CLI's own mask, exactly."""
    scale = Fraction(mpp) / Fraction(slide_mpp_value)
    edge = round_half_away(tile * scale)
    stride = round_half_away((tile - overlap) * scale)
    cols = (slide_w - edge) // stride + 1 if slide_w >= edge else 0
    rows = (slide_h - edge) // stride + 1 if slide_h >= edge else 0
    h, w = mask.shape
    integral = np.zeros((h + 1, w + 1), dtype=np.int64)
    integral[1:, 1:] = (mask != 0).astype(np.int64).cumsum(0).cumsum(1)
    ds = Fraction(downsample)
    kept, near_threshold, ties = [], 0, 0
    for r in range(rows):
        for c in range(cols):
            x, y = c * stride, r * stride
            area = Fraction(edge * edge) / (ds * ds)
            fraction = covered(integral, x / ds, y / ds, (x + edge) / ds, (y + edge) / ds, w, h) / area
            gap = abs(fraction - Fraction(min_tissue))
            if min_tissue > 0 and gap == 0:
                ties += 1  # kept (>=); exact in doubles too when the tile edge is a whole number of mask pixels
            elif min_tissue > 0 and gap < Fraction(1, 10**6):
                near_threshold += 1
            if min_tissue == 0 or (fraction > 0 and fraction >= Fraction(min_tissue)):
                kept.append((x, y))
    return {"level0_tile_size": edge, "level0_stride": stride, "grid": [cols, rows],
            "tiles": kept, "near_threshold": near_threshold, "exact_ties": ties,
            "whole_mask_pixels": (edge / ds).denominator == 1 and (stride / ds).denominator == 1}


def build_tile_counts(slides_dir, command):
    path = os.path.join(slides_dir, SLIDE)
    slide = openslide.OpenSlide(path)
    mpp = slide_mpp(slide, None)
    _, level, factor, downsample, _ = low_resolution(slide, mpp)
    w, h = slide.dimensions
    settings = []
    work = tempfile.mkdtemp(prefix="slideembed-tile-counts-")
    try:
        for name, args in TILE_SETTINGS:
            out = os.path.join(work, name)
            count, grid = cli_tiles(command, path, out, args)
            opts = dict(zip(args[::2], args[1::2]))
            tile_mpp = float(opts["--mpp"])
            tile = int(opts["--tile-size"])
            overlap = int(opts.get("--overlap", "0"))
            min_tissue = float(opts.get("--min-tissue", "0.25"))
            mask = cv2.imread(os.path.join(out, SLIDE_ID + ".mask.png"), cv2.IMREAD_GRAYSCALE)
            again = recompute_tiles(mask, w, h, mpp, downsample, tile_mpp, tile, overlap, min_tissue)
            if len(again["tiles"]) != count or again["grid"] != list(grid):
                raise SystemExit(f"{name}: the CLI printed {count} tiles on a {grid} grid, the documented rule "
                                 f"gives {len(again['tiles'])} on {again['grid']}; find out why before pinning anything")
            if again["near_threshold"] or (again["exact_ties"] and not again["whole_mask_pixels"]):
                raise SystemExit(f"{name}: tiles lie within 1e-6 of the threshold where doubles may round either way; pick another setting")
            tiles = again["tiles"]
            settings.append({
                "name": name,
                "args": ["--tissue", TILE_DETECTOR] + args,
                "level0_tile_size": again["level0_tile_size"],
                "level0_stride": again["level0_stride"],
                "grid": again["grid"],
                "count": count,
                "tiles_exactly_at_min_tissue": again["exact_ties"],
                "first": list(tiles[0]) if tiles else None,
                "last": list(tiles[-1]) if tiles else None,
            })
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "what": "Tile counts and first/last tiles (level-0 x, y, row-major grid order) of `slideembed tiles` on "
                "CMU-1-Small-Region.svs. A REGRESSION pin of SlideEmbed's behaviour, not an external truth: it "
                "changes when the default tiling or the tissue detector changes on purpose.",
        "produced_by": "/usr/bin/python3 tools/make_tissue_reference.py --tile-counts (runs the CLI for each "
                       "setting, then recomputes the grid from the CLI's mask.png with the README tiling rule in "
                       "exact arithmetic and requires the same count)",
        "slide": {"file": SLIDE, "sha256": sha256_file(path), "level0": [w, h], "mpp": mpp},
        "detection_image": {"level": level, "factor": factor, "downsample": downsample},
        "settings": settings,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--slides-dir", default=os.path.join(REPO, "..", "shared", "slides"))
    parser.add_argument("--out", default=os.path.join(REPO, "tests", "goldens", "tiles"))
    parser.add_argument("--slide-mpp", type=float, default=None)
    parser.add_argument("--check", action="store_true", help="compare with the committed files; write nothing")
    parser.add_argument("--tile-counts", action="store_true", help="write cmu-tile-counts.json instead")
    parser.add_argument("--slideembed", default="dotnet src/SlideEmbed.Cli/bin/Release/net10.0/slideembed.dll")
    options = parser.parse_args()

    if options.tile_counts:
        files = {"cmu-tile-counts.json": json_bytes(build_tile_counts(options.slides_dir, options.slideembed.split()))}
    else:
        index, mask255 = build_reference(options.slides_dir, options.slide_mpp)
        files = {"cmu-reference-mask.png": png_bytes(mask255), "cmu-reference-mask.json": json_bytes(index)}

    if options.check:
        differ = [n for n, data in files.items()
                  if not os.path.isfile(os.path.join(options.out, n)) or open(os.path.join(options.out, n), "rb").read() != data]
        if differ:
            print("differ from the committed files: " + ", ".join(differ), file=sys.stderr)
            sys.exit(1)
        print("committed files match")
        return

    os.makedirs(options.out, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(options.out, name), "wb") as f:
            f.write(data)
        print(f"wrote {os.path.join(options.out, name)}")


if __name__ == "__main__":
    main()
