#!/usr/bin/python3
"""Segmenter conformance: export and pipeline references for tools/export_segmenter.py.

For each preset (grandqc-tissue, hest-tissue, grandqc-artifacts) this writes, under --out:

    <preset>/<released file>   seeded random weights in the released file's layout
                               (GrandQC: plain state dict .pth; HEST: Lightning .ckpt
                               with 'model.' keys and an auxiliary head)
    <preset>.onnx              the export of that file (the published loader, strict)
    <preset>.input.f32         a seeded input [1, 3, S, S] (S reduced: 128 GrandQC,
    <preset>.expected.f32      64 HEST) and the torch module's logits for it

and for each pipeline case a small segmenter manifest (the shipped one with a
smaller patch grid), an RGB image (raw bytes, height x width x 3) and the
reference's stitched decision (<case>.fg, uint8) and margin (<case>.margin,
float32) at the segmenter's resolution; for a manifest with a JPEG step the
summary also counts the pixels whose decision the step changes. The reference pipeline is written here
from the published rules (TRIDENT's grid for pad_beyond/any, GrandQC's for
shift_last/overwrite; torch bilinear resampling with align_corners=False;
with preprocess.jpeg, the patch rounded to uint8 and passed through
cv2.imencode/imdecode at its quality, the RGB array taken for BGR as upstream;
ImageNet normalisation; softmax; argmax or tissue probability > threshold),
not from the C# runner.

The artifact case (artifacts-gate) also writes a first-pass tissue mask
(<case>.tissue, uint8, image size) and the second pass's result at the image's
resolution: <case>.keep (uint8: 1 where the artifact model keeps the pixel) and
<case>.keep_margin (float32, inf on patches the gate skips). Its reference follows
GrandQC's main.py: a patch runs only with more than gate.min_tissue_px tissue
pixels (the mask seen at the segmenter's resolution, nearest pixel); the kept
classes are the intersection of the chosen profiles; each image pixel takes the
nearest segmenter pixel.

The last output line is a JSON summary. tests/SlideEmbed.Onnx.Tests/
SegmenterConformanceTests.cs runs this once.

    /usr/bin/python3 tools/conformance_segmenter.py --out /tmp/seg

With --artifacts-check DIR it instead runs the gated artifact reference on a
pipeline's own detection image: DIR holds check.json ({"width", "height",
"mpp", "manifest", "seed", "profiles"}: the image size and resolution, the
segmenter manifest, the --random seed its ONNX file was exported with, the
profiles), image.rgb and tissue.u8 (the tissue-only run's mask); it writes
keep.u8 and keep_margin.f32 there (tests/SlideEmbed.Cli.Tests). When the manifest reads its patches
from the slide (tile.source = slide), check.json also gives "slide" and "slide_mpp" and the reference
reads each patch from the slide with openslide-python and cv2, as TRIDENT's WSIPatcher does.

With --slide-check DIR it runs the tile.source = slide reference alone: check.json gives "manifest",
"preset" (the export preset), "seed", "slide" and "slide_mpp"; it writes fg.u8 and margin.f32 (the
stitched map at tile.mpp) there and prints the map size and the level read.
"""

import argparse
import json
import math
import os
import sys

import cv2
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_segmenter as es  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASED = {"grandqc-tissue": "Tissue_Detection_MPP10.pth", "hest-tissue": "deeplabv3_seg_v4.ckpt",
            "grandqc-artifacts": "GrandQC_MPP1_state_dict.pth"}
CONFORMANCE_SIZE = {"grandqc-tissue": 128, "hest-tissue": 64, "grandqc-artifacts": 128}
# case -> (preset, grid overrides, image width, height, image mpp)
CASES = {
    "grandqc-shift": ("grandqc-tissue", {"mpp": 10, "size": 64, "overlap": 0, "edge": "shift_last", "source": "thumbnail"}, 90, 70, 8.0),
    "grandqc-pad": ("grandqc-tissue", {"mpp": 10, "size": 64, "overlap": 16, "edge": "pad_beyond", "source": "thumbnail"}, 90, 70, 8.0),
    "hest-pad": ("hest-tissue", {"mpp": 4, "size": 64, "overlap": 0, "edge": "pad_beyond", "source": "thumbnail"}, 41, 29, 8.0),
    "artifacts-gate": ("grandqc-artifacts", {"mpp": 4, "size": 64, "overlap": 0, "edge": "shift_last", "source": "thumbnail"}, 90, 70, 8.0),
}
# case -> profiles chosen for the artifact pass
PROFILES = {"artifacts-gate": ["pen", "artifacts"]}


def profile_keep(manifest, names):
    """Classes every named profile keeps (keep lists, or the complement of drop lists)."""
    n = len(manifest["classes"])
    keep = set(range(n))
    for name in names:
        prof = manifest["profiles"][name]
        keep &= set(prof["keep"]) if "keep" in prof else set(range(n)) - set(prof["drop"])
    return sorted(keep)


def tissue_mask(width, height):
    """A first-pass mask: an ellipse in the left part of the image, so the gate skips patches on the right."""
    yy, xx = np.mgrid[0:height, 0:width]
    return ((((xx - 0.3 * width) / (0.28 * width)) ** 2 + ((yy - 0.5 * height) / (0.4 * height)) ** 2) < 1).astype(np.uint8)


def gated_reference(model, manifest, image, image_mpp, tissue):
    """The second pass: the reference pipeline on the patches the gate lets through, mapped back to the image."""
    tile = manifest["tile"]
    height, width = image.shape[:2]
    out_w = max(1, int(round(width * image_mpp / tile["mpp"])))
    out_h = max(1, int(round(height * image_mpp / tile["mpp"])))
    ty = np.minimum(height - 1, ((np.arange(out_h) + 0.5) * height / out_h).astype(np.int64))
    tx = np.minimum(width - 1, ((np.arange(out_w) + 0.5) * width / out_w).astype(np.int64))
    seen = tissue[ty][:, tx]
    size, limit = tile["size"], manifest["gate"]["min_tissue_px"]

    def gate(y0, x0):
        return seen[y0:y0 + size, x0:x0 + size].sum() > limit

    fg, margin = reference(model, manifest, image, image_mpp, gate)
    ran = np.zeros((out_h, out_w), bool)
    for y0 in starts(out_h, size, tile["overlap"], tile["edge"]):
        for x0 in starts(out_w, size, tile["overlap"], tile["edge"]):
            if gate(y0, x0):
                ran[y0:y0 + size, x0:x0 + size] = True
    fg = np.where(ran, fg, 0).astype(np.uint8)
    margin = np.where(ran, margin, np.inf).astype(np.float32)
    sy = np.minimum(out_h - 1, ((np.arange(height) + 0.5) * out_h / height).astype(np.int64))
    sx = np.minimum(out_w - 1, ((np.arange(width) + 0.5) * out_w / width).astype(np.int64))
    return fg[sy][:, sx], margin[sy][:, sx], int((~ran).sum())


def write_f32(path, array):
    np.ascontiguousarray(array, dtype="<f4").tofile(path)


def synthetic_image(width, height, seed):
    """Pink blobs on a light background with a dark speck: smooth enough for bilinear resampling to matter."""
    rng = np.random.RandomState(seed)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float64)
    field = np.zeros((height, width))
    for _ in range(5):
        cx, cy, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(6, 20)
        field += np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))
    field = np.clip(field, 0, 1)
    bg = np.array([236.0, 234.0, 238.0])
    tissue = np.array([200.0, 110.0, 160.0])
    rgb = bg[None, None, :] * (1 - field[..., None]) + tissue[None, None, :] * field[..., None]
    rgb += rng.uniform(-6, 6, size=rgb.shape)
    return np.clip(np.round(rgb), 0, 255).astype(np.uint8)


def starts(length, size, overlap, edge):
    step = size - overlap
    if edge == "pad_beyond":
        return [i * step for i in range(math.ceil(length / step))]
    if length <= size:
        return [0]
    out = list(range(0, length - size, step))
    return out + [length - size]


def jpeg_round_trip(patch, jpeg):
    """GrandQC upstream's JPEG step on a float [3, S, S] patch: rounded to uint8, encoded and decoded by
    OpenCV, which takes the RGB array for BGR (variant opencv_bgr_quirk)."""
    assert jpeg["variant"] == "opencv_bgr_quirk", jpeg
    rgb = torch.clamp(torch.round(patch), 0, 255).to(torch.uint8).permute(1, 2, 0).contiguous().numpy()
    ok, encoded = cv2.imencode(".jpg", rgb, [cv2.IMWRITE_JPEG_QUALITY, jpeg["quality"]])
    assert ok
    decoded = cv2.imdecode(encoded, cv2.IMREAD_COLOR)
    return torch.from_numpy(decoded.astype(np.float32)).permute(2, 0, 1)


def reference(model, manifest, image, image_mpp, gate=None, jpeg=True):
    """The published pipeline on one image, at the segmenter's resolution; gate(y0, x0) false skips a patch."""
    tile = manifest["tile"]
    height, width = image.shape[:2]
    out_w = max(1, int(round(width * image_mpp / tile["mpp"])))
    out_h = max(1, int(round(height * image_mpp / tile["mpp"])))
    x = torch.from_numpy(image.astype(np.float32)).permute(2, 0, 1)[None]
    x = F.interpolate(x, size=(out_h, out_w), mode="bilinear", align_corners=False)[0]
    mean = torch.tensor(manifest["preprocess"]["mean"]).view(3, 1, 1)
    std = torch.tensor(manifest["preprocess"]["std"]).view(3, 1, 1)
    size, fill = tile["size"], torch.tensor(tile["background_fill"], dtype=torch.float32).view(3, 1, 1)
    fg_classes = manifest["foreground"]
    others = [c for c in range(len(manifest["classes"])) if c not in fg_classes]
    rule, threshold = manifest["decision"]["rule"], manifest["decision"]["threshold"]
    overwrite = manifest["stitch"] == "overwrite"
    fg = np.zeros((out_h, out_w), np.uint8)
    margin = np.full((out_h, out_w), np.inf, np.float32)
    for y0 in starts(out_h, size, tile["overlap"], tile["edge"]):
        for x0 in starts(out_w, size, tile["overlap"], tile["edge"]):
            if gate is not None and not gate(y0, x0):
                continue
            patch = fill.expand(3, size, size).clone()
            h, w = min(size, out_h - y0), min(size, out_w - x0)
            patch[:, :h, :w] = x[:, y0:y0 + h, x0:x0 + w]
            if jpeg and manifest["preprocess"].get("jpeg"):
                patch = jpeg_round_trip(patch, manifest["preprocess"]["jpeg"])
            patch = (patch / 255.0 - mean) / std
            with torch.no_grad():
                out = model(patch[None])
            out = (out["out"] if isinstance(out, dict) else out)[0].double()
            p = torch.softmax(out, dim=0)
            if rule == "argmax":
                best_fg = p[fg_classes].max(0).values
                best_other = p[others].max(0).values
                decision, dist = best_fg > best_other, (best_fg - best_other).abs()
            else:
                p_fg = p[fg_classes].sum(0)
                decision, dist = p_fg > threshold, (p_fg - threshold).abs()
            decision = decision.numpy()[:h, :w].astype(np.uint8)
            dist = dist.numpy()[:h, :w].astype(np.float32)
            if overwrite:
                fg[y0:y0 + h, x0:x0 + w] = decision
                margin[y0:y0 + h, x0:x0 + w] = dist
            else:
                fg[y0:y0 + h, x0:x0 + w] |= decision
                margin[y0:y0 + h, x0:x0 + w] = np.minimum(margin[y0:y0 + h, x0:x0 + w], dist)
    return fg, margin


def decide(model, manifest, patch):
    """Softmax and the manifest's rule on one normalised [3, S, S] patch: (decision uint8, margin float32), S x S."""
    fg_classes = manifest["foreground"]
    others = [c for c in range(len(manifest["classes"])) if c not in fg_classes]
    rule, threshold = manifest["decision"]["rule"], manifest["decision"]["threshold"]
    with torch.no_grad():
        out = model(patch[None])
    out = (out["out"] if isinstance(out, dict) else out)[0].double()
    p = torch.softmax(out, dim=0)
    if rule == "argmax":
        best_fg = p[fg_classes].max(0).values
        best_other = p[others].max(0).values
        decision, dist = best_fg > best_other, (best_fg - best_other).abs()
    else:
        p_fg = p[fg_classes].sum(0)
        decision, dist = p_fg > threshold, (p_fg - threshold).abs()
    return decision.numpy().astype(np.uint8), dist.numpy().astype(np.float32)


def best_level(downsamples, d):
    """TRIDENT's level for a downsample d: one within 0.1, else the coarsest at or below d, else the first above."""
    for i, ds in enumerate(downsamples):
        if abs(ds - d) <= 0.1:
            return i
    if d >= downsamples[0]:
        best = 0
        for i, ds in enumerate(downsamples):
            if ds > d:
                break
            best = i
        return best
    return next((i for i, ds in enumerate(downsamples) if ds >= d), 0)


def slide_reference(model, manifest, slide_path, slide_mpp, gate=None):
    """tile.source = slide, from TRIDENT's published rules (WSIPatcher and _segment_semantic): each patch
    read with openslide at the chosen level, RGBA converted to RGB by dropping alpha (outside the slide:
    black), cv2.resize INTER_LINEAR to the patch size, stitched at round(x0 * slide_mpp / tile.mpp).
    Returns the map's decision and margin and a mask of the map pixels some patch covered."""
    import openslide
    tile = manifest["tile"]
    size = tile["size"]
    slide = openslide.OpenSlide(slide_path)
    d = tile["mpp"] / slide_mpp
    level = best_level(slide.level_downsamples, d)
    step = round(size * d)
    region = round(step / int(slide.level_downsamples[level]))
    w0, h0 = slide.dimensions
    factor = slide_mpp / tile["mpp"]
    out_w, out_h = int(round(w0 * factor)), int(round(h0 * factor))
    mean = torch.tensor(manifest["preprocess"]["mean"]).view(3, 1, 1)
    std = torch.tensor(manifest["preprocess"]["std"]).view(3, 1, 1)
    overwrite = manifest["stitch"] == "overwrite"
    fg = np.zeros((out_h, out_w), np.uint8)
    margin = np.full((out_h, out_w), np.inf, np.float32)
    ran = np.zeros((out_h, out_w), bool)
    for row in range(math.ceil(h0 / step)):
        for col in range(math.ceil(w0 / step)):
            x0, y0 = col * step, row * step
            mx = int(np.clip(np.round(x0 * factor), 0, out_w - 1))
            my = int(np.clip(np.round(y0 * factor), 0, out_h - 1))
            if gate is not None and not gate(my, mx):
                continue
            rgb = np.array(slide.read_region((x0, y0), level, (region, region)).convert("RGB"))
            rgb = cv2.resize(rgb, (size, size), interpolation=cv2.INTER_LINEAR)
            patch = (torch.from_numpy(rgb.astype(np.float32)).permute(2, 0, 1) / 255.0 - mean) / std
            decision, dist = decide(model, manifest, patch)
            h, w = min(size, out_h - my), min(size, out_w - mx)
            ran[my:my + h, mx:mx + w] = True
            if overwrite:
                fg[my:my + h, mx:mx + w] = decision[:h, :w]
                margin[my:my + h, mx:mx + w] = dist[:h, :w]
            else:
                fg[my:my + h, mx:mx + w] |= decision[:h, :w]
                margin[my:my + h, mx:mx + w] = np.minimum(margin[my:my + h, mx:mx + w], dist[:h, :w])
    slide.close()
    return fg, margin, ran


def gated_slide_reference(model, manifest, slide_path, slide_mpp, tissue):
    """The second pass with tile.source = slide: the gate sees the first pass's mask at the map's size
    (nearest pixel); only the patches it lets through are read; the map comes back to the mask's size."""
    import openslide
    tile = manifest["tile"]
    with openslide.OpenSlide(slide_path) as slide:
        w0, h0 = slide.dimensions
    factor = slide_mpp / tile["mpp"]
    out_w, out_h = int(round(w0 * factor)), int(round(h0 * factor))
    height, width = tissue.shape
    ty = np.minimum(height - 1, ((np.arange(out_h) + 0.5) * height / out_h).astype(np.int64))
    tx = np.minimum(width - 1, ((np.arange(out_w) + 0.5) * width / out_w).astype(np.int64))
    seen = tissue[ty][:, tx]
    size, limit = tile["size"], manifest["gate"]["min_tissue_px"]
    fg, margin, ran = slide_reference(model, manifest, slide_path, slide_mpp,
                                      lambda y0, x0: seen[y0:y0 + size, x0:x0 + size].sum() > limit)
    fg = np.where(ran, fg, 0).astype(np.uint8)
    margin = np.where(ran, margin, np.inf).astype(np.float32)
    sy = np.minimum(out_h - 1, ((np.arange(height) + 0.5) * out_h / height).astype(np.int64))
    sx = np.minimum(out_w - 1, ((np.arange(width) + 0.5) * out_w / width).astype(np.int64))
    return fg[sy][:, sx], margin[sy][:, sx], int((~ran).sum())


def artifacts_check(folder):
    with open(os.path.join(folder, "check.json")) as f:
        check = json.load(f)
    with open(check["manifest"]) as f:
        manifest = json.load(f)
    width, height = check["width"], check["height"]
    image = np.fromfile(os.path.join(folder, "image.rgb"), np.uint8).reshape(height, width, 3)
    tissue = np.fromfile(os.path.join(folder, "tissue.u8"), np.uint8).reshape(height, width)
    manifest["foreground"] = profile_keep(manifest, check["profiles"])
    model = es.init_random(es.build(manifest["name"]), check["seed"]).eval()
    if manifest["tile"].get("source", "thumbnail") == "slide":
        keep, margin, skipped = gated_slide_reference(model, manifest, check["slide"], check["slide_mpp"], (tissue != 0).astype(np.uint8))
    else:
        keep, margin, skipped = gated_reference(model, manifest, image, check["mpp"], (tissue != 0).astype(np.uint8))
    keep.tofile(os.path.join(folder, "keep.u8"))
    write_f32(os.path.join(folder, "keep_margin.f32"), margin)
    print(json.dumps({"kept": int(keep.sum()), "skipped_map_pixels": skipped}))
    return 0


def slide_check(folder):
    with open(os.path.join(folder, "check.json")) as f:
        check = json.load(f)
    with open(check["manifest"]) as f:
        manifest = json.load(f)
    model = es.init_random(es.build(check["preset"]), check["seed"]).eval()
    fg, margin, ran = slide_reference(model, manifest, check["slide"], check["slide_mpp"])
    fg.tofile(os.path.join(folder, "fg.u8"))
    write_f32(os.path.join(folder, "margin.f32"), margin)
    import openslide
    with openslide.OpenSlide(check["slide"]) as slide:
        d = manifest["tile"]["mpp"] / check["slide_mpp"]
        level = best_level(slide.level_downsamples, d)
    print(json.dumps({"map_width": int(fg.shape[1]), "map_height": int(fg.shape[0]), "level": level,
                      "foreground": int(fg.sum()), "decided": int((margin > 1e-3).sum()), "covered": int(ran.sum())}))
    return 0


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--out")
    p.add_argument("--artifacts-check", metavar="DIR")
    p.add_argument("--slide-check", metavar="DIR")
    args = p.parse_args(argv)
    torch.manual_seed(0)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    if args.artifacts_check:
        return artifacts_check(args.artifacts_check)
    if args.slide_check:
        return slide_check(args.slide_check)
    if not args.out:
        p.error("--out is required")
    summary = {"presets": {}, "cases": {}}
    models = {}
    for i, preset in enumerate(RELEASED):
        folder = os.path.join(args.out, preset)
        os.makedirs(folder, exist_ok=True)
        released = os.path.join(folder, RELEASED[preset])
        es.save_published(preset, es.init_random(es.build(preset), 17 + i), released)
        model = es.load(preset, released)
        wrapped = es.export(preset, model, os.path.join(args.out, preset + ".onnx"), CONFORMANCE_SIZE[preset])
        size = CONFORMANCE_SIZE[preset]
        x = torch.from_numpy(np.random.RandomState(5).standard_normal((1, 3, size, size)).astype(np.float32))
        with torch.no_grad():
            y = wrapped(x)
        write_f32(os.path.join(args.out, preset + ".input.f32"), x.numpy())
        write_f32(os.path.join(args.out, preset + ".expected.f32"), y.numpy())
        models[preset] = wrapped
        summary["presets"][preset] = {"ok": True, "input_shape": list(x.shape), "output_shape": list(y.shape),
                                      "parameters": sum(t.numel() for t in model.parameters())}
    for j, (case, (preset, grid, width, height, image_mpp)) in enumerate(CASES.items()):
        with open(os.path.join(ROOT, "manifests", preset + ".json")) as f:
            manifest = json.load(f)
        manifest["name"] = case
        manifest["trained"] = False
        manifest["tile"].update(grid)
        manifest["onnx"]["file"] = preset + ".onnx"
        with open(os.path.join(args.out, case + ".json"), "w") as f:
            json.dump(manifest, f, indent=1)
        image = synthetic_image(width, height, 100 + j)
        image.tofile(os.path.join(args.out, case + ".rgb"))
        if case in PROFILES:
            manifest["foreground"] = profile_keep(manifest, PROFILES[case])
            tissue = tissue_mask(width, height)
            tissue.tofile(os.path.join(args.out, case + ".tissue"))
            keep, keep_margin, skipped = gated_reference(models[preset], manifest, image, image_mpp, tissue)
            keep.tofile(os.path.join(args.out, case + ".keep"))
            write_f32(os.path.join(args.out, case + ".keep_margin"), keep_margin)
            summary.setdefault("gated", {})[case] = {"profiles": PROFILES[case], "keep_classes": manifest["foreground"],
                                                      "kept": int(keep.sum()), "skipped_map_pixels": skipped,
                                                      "removed_tissue": int((tissue & (1 - keep)).sum())}
        fg, margin = reference(models[preset], manifest, image, image_mpp)
        fg.tofile(os.path.join(args.out, case + ".fg"))
        write_f32(os.path.join(args.out, case + ".margin"), margin)
        summary["cases"][case] = {"width": width, "height": height, "mpp": image_mpp, "map_width": int(fg.shape[1]),
                                  "map_height": int(fg.shape[0]), "foreground": int(fg.sum()),
                                  "decided": int((margin > 1e-3).sum())}
        if manifest["preprocess"].get("jpeg"):
            # What the JPEG step changes: the same pipeline without it (docs/TISSUE.md).
            fg_plain, _ = reference(models[preset], manifest, image, image_mpp, jpeg=False)
            summary["cases"][case]["jpeg_changed_pixels"] = int((fg_plain != fg).sum())
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
