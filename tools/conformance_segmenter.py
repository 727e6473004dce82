#!/usr/bin/python3
"""Segmenter conformance: export and pipeline references for tools/export_segmenter.py.

For each preset (grandqc-tissue, hest-tissue) this writes, under --out:

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

The last output line is a JSON summary. tests/SlideEmbed.Onnx.Tests/
SegmenterConformanceTests.cs runs this once.

    /usr/bin/python3 tools/conformance_segmenter.py --out /tmp/seg
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
RELEASED = {"grandqc-tissue": "Tissue_Detection_MPP10.pth", "hest-tissue": "deeplabv3_seg_v4.ckpt"}
CONFORMANCE_SIZE = {"grandqc-tissue": 128, "hest-tissue": 64}
# case -> (preset, grid overrides, image width, height, image mpp)
CASES = {
    "grandqc-shift": ("grandqc-tissue", {"mpp": 10, "size": 64, "overlap": 0, "edge": "shift_last"}, 90, 70, 8.0),
    "grandqc-pad": ("grandqc-tissue", {"mpp": 10, "size": 64, "overlap": 16, "edge": "pad_beyond"}, 90, 70, 8.0),
    "hest-pad": ("hest-tissue", {"mpp": 4, "size": 64, "overlap": 0, "edge": "pad_beyond"}, 41, 29, 8.0),
}


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


def reference(model, manifest, image, image_mpp, jpeg=True):
    """The published pipeline on one image, at the segmenter's resolution."""
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


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)
    torch.manual_seed(0)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
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
