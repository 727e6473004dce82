#!/usr/bin/python3
"""Golden RGB pixels for region reads, produced by the reference Python stack.

What it does
    Opens the real slides in the shared fixtures folder with openslide-python
    (Debian 12: python3-openslide 1.2.0 on libopenslide0 3.4.1), reads a fixed
    list of regions with ``slide.read_region((x, y), level, (w, h))`` (x, y in
    level-0 pixels; w, h in pixels of ``level``) and writes, to
    ``tests/goldens/regions/``:

    * ``<id>.rgb.gz``: the region as raw interleaved RGB, row-major, 3 bytes
      per pixel, no header, gzip-compressed (deterministic: mtime 0, no name);
    * ``regions.json``: the versions of the stack, the slides, and for every
      region its id, slide, x, y, level, width, height, background colour,
      the SHA-256 of the uncompressed RGB, and how many RGBA pixels were fully
      or partly transparent (so a test can see that edge regions really hold
      background).

    RGBA becomes RGB by the rule the C# binding implements (ISlideSource.ReadRegion):
    the background is the slide property ``openslide.background-color`` (hex
    RRGGBB) when present, else white. On the RGBA that openslide-python returns
    (already un-premultiplied by it): alpha 255 keeps RGB, alpha 0 gives the
    background, any other alpha gives (c*a + bg*(255-a) + 127) // 255, in
    int32 integer arithmetic. openslide-python un-premultiplies OpenSlide's
    ARGB as 255*c // a (truncating), so a binding that starts from the raw
    premultiplied ARGB must un-premultiply the same way before compositing to
    match these bytes.

    The regions cover every level of every slide, tile-aligned and unaligned
    offsets, odd sizes, regions crossing the right/bottom edges, regions with
    negative x/y (partly outside at the top-left) and a few wholly outside.

    Every region is read twice, the second time on fresh handles and in the
    reverse order; the script stops if the two reads differ, so nothing that
    depends on the reader's history or on uninitialised memory is recorded.
    That guard exists because of REFERENCE_DEFECT below (boxes.tiff levels 2
    and 3), which is why those levels only have regions in their well-defined
    parts.

How to run it (from the repository root)
    /usr/bin/python3 tools/make_region_goldens.py [SLIDES_DIR] [--out DIR] [--check]

    SLIDES_DIR defaults to ../shared/slides beside the repository root. Use the
    system interpreter (/usr/bin/python3), where Debian's python3-openslide,
    python3-pil and python3-numpy live:
        apt-get install -y python3-openslide python3-pil python3-numpy
    --check regenerates everything in memory and compares it with the committed
    files without writing anything; it exits 1 on any difference.

NEVER rerun this to make a failing test pass.
    These files are the independent reference that the C# OpenSlide binding is
    tested against. A failing RegionGoldenTests means the binding (or the
    native library it loaded) disagrees with openslide-python; find out why.
    Regenerate only when the region list below changes on purpose or the
    reference stack is deliberately upgraded, and say so in the commit.
"""

import argparse
import gzip
import hashlib
import json
import os
import subprocess
import sys

import numpy as np
import openslide
import PIL

SLIDES = {
    # file name under shared/slides -> short id prefix
    "CMU-1-Small-Region.svs": "cmu1",
    "TCGA-CR-7395-01A-01-TS1.svs": "tcga",
    "small.svs": "small",
    "boxes.tiff": "boxes",
}

REFERENCE_DEFECT = (
    "boxes.tiff levels 2 (75 x 62) and 3 (37 x 31) are smaller than their 64 x 64 tiles. "
    "OpenSlide 3.4.1 decodes generic-tiff tiles with libtiff's TIFFRGBAImageGet into a 64 x 64 "
    "buffer, and libtiff 4.5 (Debian 12) apparently shrinks the raster to the image (it warns 'Raster "
    "width of 64 shall not be larger than image width of 37 -> raster width adapted'). Observed: level 2 "
    "comes back shifted down two rows with rows 0-1 holding stale memory; level 3 comes back with the "
    "wrong row stride and stale memory throughout. Those pixels differ from run to run, so level 2 regions here "
    "keep clear of level rows 0-1 (their other pixels are deterministic but carry the two-row shift) "
    "and level 3 regions lie wholly outside the level."
)

# (slide, level, x, y, width, height, what the region exercises).
# x, y are level-0 pixels; width and height are pixels of the level.
REGIONS = [
    # CMU-1-Small-Region.svs: 2220 x 2967, one level, 240 x 240 JPEG tiles.
    ("CMU-1-Small-Region.svs", 0, 0, 0, 256, 256, "top-left corner, crosses the tile boundary at 240"),
    ("CMU-1-Small-Region.svs", 0, 1000, 1500, 300, 200, "interior, unaligned offset, spans several tiles"),
    ("CMU-1-Small-Region.svs", 0, 1237, 911, 255, 171, "interior, odd offset and odd size"),
    ("CMU-1-Small-Region.svs", 0, 2100, 2850, 200, 180, "crosses the right and bottom edges"),
    ("CMU-1-Small-Region.svs", 0, 2150, 101, 97, 64, "crosses the right edge only"),
    ("CMU-1-Small-Region.svs", 0, 503, 2900, 129, 99, "crosses the bottom edge only"),
    ("CMU-1-Small-Region.svs", 0, -50, -30, 150, 120, "negative x and y, partly outside at the top-left"),
    ("CMU-1-Small-Region.svs", 0, -101, 2901, 199, 131, "crosses the left and bottom edges"),
    ("CMU-1-Small-Region.svs", 0, 2300, -80, 64, 64, "wholly outside (right of the slide)"),
    # TCGA-CR-7395-01A-01-TS1.svs: 4443 x 3567 and 2221 x 1783 (downsample
    # 2.0005), 256 x 256 JPEG 2000 tiles.
    ("TCGA-CR-7395-01A-01-TS1.svs", 0, 0, 0, 256, 256, "level 0, exactly one tile"),
    ("TCGA-CR-7395-01A-01-TS1.svs", 0, 2000, 1500, 251, 199, "level 0 interior, unaligned, odd size"),
    ("TCGA-CR-7395-01A-01-TS1.svs", 0, 4300, 3400, 200, 200, "level 0, crosses the right and bottom edges"),
    ("TCGA-CR-7395-01A-01-TS1.svs", 0, -77, -33, 160, 140, "level 0, negative x and y"),
    ("TCGA-CR-7395-01A-01-TS1.svs", 1, 0, 0, 256, 256, "level 1, exactly one tile"),
    ("TCGA-CR-7395-01A-01-TS1.svs", 1, 2001, 1333, 203, 157, "level 1 interior, fractional level offset"),
    ("TCGA-CR-7395-01A-01-TS1.svs", 1, 1001, 777, 99, 77, "level 1, small odd region"),
    ("TCGA-CR-7395-01A-01-TS1.svs", 1, 4200, 3300, 180, 150, "level 1, crosses the right and bottom edges"),
    ("TCGA-CR-7395-01A-01-TS1.svs", 1, -300, -101, 150, 100, "level 1, negative x and y, fractional level offset"),
    # small.svs: 16 x 16, one level, one 64 x 64 JPEG tile.
    ("small.svs", 0, 0, 0, 16, 16, "the whole slide"),
    ("small.svs", 0, 3, 5, 9, 7, "interior, odd offset and size"),
    ("small.svs", 0, 0, 0, 64, 64, "whole slide and the padding of its only tile, crosses right and bottom"),
    ("small.svs", 0, 8, 8, 64, 64, "crosses the right and bottom edges"),
    ("small.svs", 0, -24, -24, 64, 64, "slide in the middle, background on every side"),
    ("small.svs", 0, -5, 3, 13, 11, "crosses the left edge, odd size"),
    # boxes.tiff: 300 x 250, 150 x 125, 75 x 62, 37 x 31 (downsamples 1, 2,
    # 4.016, 8.086), 64 x 64 deflate tiles.
    ("boxes.tiff", 0, 0, 0, 300, 250, "level 0, the whole level"),
    ("boxes.tiff", 0, 37, 53, 131, 97, "level 0, unaligned offset, odd size"),
    ("boxes.tiff", 0, 250, 200, 100, 80, "level 0, crosses the right and bottom edges"),
    ("boxes.tiff", 0, -40, -20, 111, 73, "level 0, negative x and y"),
    ("boxes.tiff", 1, 0, 0, 150, 125, "level 1, the whole level"),
    ("boxes.tiff", 1, 61, 35, 77, 65, "level 1, odd level-0 offset (fractional level offset)"),
    ("boxes.tiff", 1, 200, 180, 100, 64, "level 1, crosses the right and bottom edges"),
    ("boxes.tiff", 1, -33, -17, 64, 64, "level 1, negative odd x and y (fractional level offset)"),
    # Levels 2 and 3 are read wrongly by the reference stack itself; see
    # REFERENCE_DEFECT. Level 2 regions stay clear of its top rows; level 3
    # regions lie wholly outside the level (only the background is defined).
    ("boxes.tiff", 2, 0, 12, 75, 50, "level 2, full width, below the undefined top rows"),
    ("boxes.tiff", 2, 37, 21, 41, 33, "level 2 interior, odd offset and size"),
    ("boxes.tiff", 2, -9, 17, 80, 70, "level 2, negative x, crosses the left, right and bottom edges"),
    ("boxes.tiff", 2, 150, 100, 64, 64, "level 2, crosses the right and bottom edges"),
    ("boxes.tiff", 2, 400, 300, 64, 64, "level 2, wholly outside (beyond the bottom-right corner)"),
    ("boxes.tiff", 3, -700, -500, 64, 64, "level 3, wholly outside at the top-left (negative x and y)"),
    ("boxes.tiff", 3, 300, 0, 64, 64, "level 3, wholly outside, starts at the level-0 right edge"),
    ("boxes.tiff", 3, 0, 260, 64, 64, "level 3, wholly outside, below the bottom edge"),
]


def region_id(slide_name, level, x, y, w, h):
    def coord(v):
        return f"m{-v}" if v < 0 else str(v)

    return f"{SLIDES[slide_name]}-L{level}-{coord(x)}_{coord(y)}-{w}x{h}"


def background_of(slide):
    value = slide.properties.get("openslide.background-color")
    if value is None:
        return (255, 255, 255), "default-white"
    value = value.strip().lstrip("#")
    if len(value) != 6:
        raise ValueError(f"unexpected openslide.background-color {value!r}")
    return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4)), "openslide.background-color"


def to_rgb(rgba, bg):
    """Composites RGBA (h, w, 4, uint8) on bg exactly as the C# binding does."""
    px = rgba.astype(np.int32)
    a = px[..., 3:4]
    c = px[..., :3]
    bgv = np.array(bg, dtype=np.int32).reshape(1, 1, 3)
    out = (c * a + bgv * (255 - a) + 127) // 255
    out = np.where(a == 255, c, out)
    out = np.where(a == 0, bgv, out)
    return np.ascontiguousarray(out.astype(np.uint8))


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_rgb(slide, region):
    """Reads one region; returns (raw RGB bytes, fully transparent count, partly transparent count)."""
    name, level, x, y, w, h, _ = region
    bg, _ = background_of(slide)
    image = slide.read_region((x, y), level, (w, h))
    if image.mode != "RGBA" or image.size != (w, h):
        raise SystemExit(f"{name} {region}: unexpected image {image.mode} {image.size}")
    rgba = np.asarray(image, dtype=np.uint8).reshape(h, w, 4)
    raw = to_rgb(rgba, bg).tobytes()
    assert len(raw) == w * h * 3
    alpha = rgba[..., 3]
    return raw, int(np.count_nonzero(alpha == 0)), int(np.count_nonzero((alpha > 0) & (alpha < 255)))


# Levels whose pixels come from the defect above: they depend on the exact libtiff build, so the
# goldens record which libtiff package made them and the tests compare them only on that build.
DEFECT_LEVELS = {("boxes.tiff", 2), ("boxes.tiff", 3)}


def libtiff_package():
    """The Debian libtiff package version (e.g. 4.5.0-6+deb12u2), or None off Debian."""
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libtiff6"], check=True,
                              capture_output=True, text=True).stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def build(slides_dir):
    """Returns (index dict, {file name: gzip bytes})."""
    missing = [s for s in SLIDES if not os.path.isfile(os.path.join(slides_dir, s))]
    if missing:
        raise SystemExit(f"missing slides in {slides_dir}: {', '.join(missing)}")

    if openslide.__library_version__ != "3.4.1":
        print(f"warning: the goldens were defined with OpenSlide 3.4.1, this is {openslide.__library_version__}",
              file=sys.stderr)

    slides_info = {}
    regions = []
    files = {}
    opened = {}
    try:
        for name in SLIDES:
            path = os.path.join(slides_dir, name)
            slide = openslide.OpenSlide(path)
            opened[name] = slide
            bg, bg_source = background_of(slide)
            slides_info[name] = {
                "sha256": sha256_file(path),
                "quickhash1": slide.properties.get("openslide.quickhash-1"),
                "vendor": slide.properties.get("openslide.vendor"),
                "background": "%02X%02X%02X" % bg,
                "background_source": bg_source,
                "levels": [
                    {"width": w, "height": h, "downsample": d}
                    for (w, h), d in zip(slide.level_dimensions, slide.level_downsamples)
                ],
            }

        seen = set()
        for name, level, x, y, w, h, _ in REGIONS:
            if not 0 <= level < opened[name].level_count:
                raise SystemExit(f"{name} has no level {level}")
            rid = region_id(name, level, x, y, w, h)
            if rid in seen:
                raise SystemExit(f"duplicate region {rid}")
            seen.add(rid)

        first = {}
        for region in REGIONS:
            first[region] = read_rgb(opened[region[0]], region)
    finally:
        for slide in opened.values():
            slide.close()

    # Second pass: fresh handles (empty tile caches), reverse order.
    second = {}
    fresh = {name: openslide.OpenSlide(os.path.join(slides_dir, name)) for name in SLIDES}
    try:
        for region in reversed(REGIONS):
            second[region] = read_rgb(fresh[region[0]], region)
    finally:
        for slide in fresh.values():
            slide.close()

    unstable = [region_id(*r[:6]) for r in REGIONS if first[r] != second[r]]
    if unstable:
        raise SystemExit("the reference stack read these regions differently twice; "
                         "they cannot be goldens: " + ", ".join(unstable))

    for region in REGIONS:
        name, level, x, y, w, h, note = region
        rid = region_id(name, level, x, y, w, h)
        raw, transparent, partial = first[region]
        file_name = f"{rid}.rgb.gz"
        files[file_name] = gzip.compress(raw, compresslevel=9, mtime=0)
        regions.append({
            "id": rid,
            "slide": name,
            "x": x,
            "y": y,
            "level": level,
            "width": w,
            "height": h,
            "background": slides_info[name]["background"],
            "file": file_name,
            "sha256": hashlib.sha256(raw).hexdigest(),
            "transparent_pixels": transparent,
            "partial_alpha_pixels": partial,
            "libtiff_dependent": (name, level) in DEFECT_LEVELS,
            "note": note,
        })

    index = {
        "generator": "tools/make_region_goldens.py",
        "warning": "Reference output of openslide-python. Never regenerate to make a failing test pass.",
        "versions": {
            "openslide": openslide.__library_version__,
            "openslide_python": openslide.__version__,
            "pil": PIL.__version__,
            "numpy": np.__version__,
            "libtiff_package": libtiff_package(),
        },
        "format": "raw interleaved RGB, row-major, 3 bytes per pixel, no header, gzip; sha256 is of the uncompressed bytes",
        "coordinates": "x, y are level-0 pixels (may be negative); width, height are pixels of the level",
        "compositing": "alpha 255: RGB; alpha 0: background; else (c*a + bg*(255-a) + 127) // 255 "
                       "on openslide-python's un-premultiplied RGBA (c = 255*premultiplied // a, truncating)",
        "reference_defect": REFERENCE_DEFECT,
        "slides": slides_info,
        "regions": regions,
    }
    return index, files


def main():
    repo_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("slides_dir", nargs="?",
                        default=os.path.join(repo_root, "..", "shared", "slides"),
                        help="shared slides folder (default: ../shared/slides beside the repository)")
    parser.add_argument("--out", default=os.path.join(repo_root, "tests", "goldens", "regions"),
                        help="output folder (default: tests/goldens/regions)")
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files instead of writing")
    args = parser.parse_args()

    index, files = build(os.path.abspath(args.slides_dir))
    index_bytes = (json.dumps(index, indent=2) + "\n").encode("utf-8")

    if args.check:
        problems = []
        for file_name, data in list(files.items()) + [("regions.json", index_bytes)]:
            path = os.path.join(args.out, file_name)
            if not os.path.isfile(path):
                problems.append(f"missing {file_name}")
                continue
            with open(path, "rb") as f:
                committed = f.read()
            if file_name.endswith(".gz"):
                committed, data = gzip.decompress(committed), gzip.decompress(data)
            if committed != data:
                problems.append(f"differs: {file_name}")
        stale = [f for f in os.listdir(args.out) if f.endswith(".rgb.gz") and f not in files] \
            if os.path.isdir(args.out) else []
        problems += [f"not in the region list: {f}" for f in stale]
        for p in problems:
            print(p, file=sys.stderr)
        print(f"{len(files)} regions, {len(problems)} problems")
        return 1 if problems else 0

    os.makedirs(args.out, exist_ok=True)
    for f in os.listdir(args.out):
        if f.endswith(".rgb.gz") and f not in files:
            os.remove(os.path.join(args.out, f))
    for file_name, data in files.items():
        with open(os.path.join(args.out, file_name), "wb") as f:
            f.write(data)
    with open(os.path.join(args.out, "regions.json"), "wb") as f:
        f.write(index_bytes)

    total = sum(len(d) for d in files.values()) + len(index_bytes)
    print(f"wrote {len(files)} regions and regions.json to {args.out} ({total} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
