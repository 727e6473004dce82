#!/usr/bin/python3
"""Tiny random-weight ONNX encoders, their manifests, and golden embeddings.

What it does
    Builds three tiny ViTs with seeded random weights, one per output recipe
    of the manifest schema (see manifests/README.md), and exports each with
    tools/export_onnx.py's modules to ``tests/models/``:

    * ``tiny-cls``: D48, 2 blocks, 4 heads, patch 16, LayerScale, GELU MLP.
      Recipe ``cls``. Tiles read 256 px at 0.5 mpp, bilinear resize to 224,
      center crop 224, ImageNet normalisation (UNI's transform).
    * ``tiny-cls-mean-reg``: D48, 2 blocks, 3 heads, 4 register tokens,
      packed SwiGLU MLP, LayerScale. Recipe ``cls_mean`` with 5 prefix tokens
      (embedding 96 = CLS + mean of the patch tokens). Tiles read 224 px at
      0.5 mpp, bicubic resize 224, no crop (Virchow2's transform).
    * ``tiny-pooled``: D48 trunk, 2 blocks, CONCH-style attentional pooler
      (1 query, 4 heads, 32) + LayerNorm. Recipe ``pooled`` on the output
      ``pooler_output`` [batch, 32]. The graph has a second output,
      ``last_hidden_state``, listed first, so a runner that takes output 0
      instead of the named output gets the wrong tensor. Tiles read 256 px,
      bicubic resize 256, center crop 224 (GigaPath's transform).

    and ``manifests/demo-vit.{onnx,json}``: a ViT-S-like demo encoder (patch
    16, D192, 4 blocks, 3 heads, CLS) with random weights, so the CLI can run
    end to end without gated downloads. Its embeddings mean nothing.

    For each tiny model, ``tests/models/<name>.goldens.json`` holds the
    embedding of every tile of the fixture slide CMU-1-Small-Region.svs, as
    computed by the reference Python stack:

    1. grid (the C# tiler's rule): level-0 edge
       E = round_half_away_from_zero(read_size * tile_mpp / slide_mpp),
       stride E, tiles at x = k*E, y = j*E with x + E <= width and
       y + E <= height; no tissue filter; row-major order (y outer);
    2. ``openslide.OpenSlide.read_region((x, y), 0, (E, E))``; alpha must be
       255 everywhere on this slide (asserted), so RGB is taken as is (the
       general rule composites on white);
    3. torchvision on the PIL image: Resize(size, interpolation,
       antialias=True) when the manifest resizes, CenterCrop when it crops,
       ToTensor, Normalize(mean, std);
    4. the torch module in float32, batch 16, then the manifest's recipe.

    ``tests/models/<name>.tile<i>.f32.gz`` keeps the preprocessed input of a
    few tiles (tiles 0 and 1, and the tile with the most texture) as gzip'd
    raw little-endian float32 [1, 3, S, S]; ``.rgb.gz`` beside it keeps the
    uint8 RGB image after resize and crop, before ToTensor (S x S x 3,
    row-major), so the resampler can be tested apart from normalisation. The
    golden file lists them with their shapes.

How to run it (from the repository root)
    apt-get install -y $(cat tools/requirements-debian.txt)
    /usr/bin/python3 tools/make_test_models.py [--slides DIR] [--check]

    --slides defaults to ../shared/slides beside the repository root.
    --check rebuilds everything in a temporary folder and compares it with the
    committed files (embeddings and inputs exactly; ONNX files by their
    outputs), writing nothing; it exits 1 on any difference.

NEVER rerun this to make a failing test pass.
    These goldens are the independent reference for the C# preprocessing and
    ONNX runner. Regenerate only when a model or the reference stack changes
    on purpose, and say so in the commit.
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import sys
import tempfile

import numpy as np
import openslide
import PIL
import torch
import torchvision
from PIL import Image
from torchvision import transforms

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_onnx as ex  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SLIDE = "CMU-1-Small-Region.svs"
OPSET = 17
BATCH = 16

IMNET = {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}

TINY = {
    "tiny-cls": dict(
        seed=101,
        arch=ex._vit(img_size=224, patch=16, dim=48, depth=2, heads=4, mlp_hidden=96, layer_scale=0.5),
        display_name="Tiny CLS ViT (test model, random weights)",
        architecture="ViT, patch 16, D48, 2 blocks, 4 heads, GELU MLP 96, LayerScale",
        tile={"mpp": 0.5, "read_size": 256},
        resize={"size": 224, "interpolation": "bilinear", "antialias": True}, crop=224,
        recipe="cls", prefix_tokens=1, dim=48,
        notes="Test model for the cls recipe: output last_hidden_state [batch, 197, 48], token 0."),
    "tiny-cls-mean-reg": dict(
        seed=202,
        arch=ex._vit(img_size=224, patch=16, dim=48, depth=2, heads=3, mlp_hidden=128,
                     mlp_kind="swiglu_packed", layer_scale=0.5, reg_tokens=4),
        display_name="Tiny CLS+mean ViT with 4 registers (test model, random weights)",
        architecture="ViT, patch 16, D48, 2 blocks, 3 heads, 4 registers, packed SwiGLU 128, LayerScale",
        tile={"mpp": 0.5, "read_size": 224},
        resize={"size": 224, "interpolation": "bicubic", "antialias": True}, crop=None,
        recipe="cls_mean", prefix_tokens=5, dim=96,
        notes="Test model for the cls_mean recipe: output last_hidden_state [batch, 201, 48]; "
              "embedding = concat(token 0, mean of tokens 5..200) = 96. Tokens 1-4 are registers and "
              "must be skipped. Tiles are read at 224 px, so the resize is an identity."),
    "tiny-pooled": dict(
        seed=303,
        arch=ex._vit(img_size=224, patch=16, dim=48, depth=2, heads=4, mlp_hidden=96,
                     head="conch-mha", pooled_dim=32, pooler_heads=4, output="pooler_output",
                     also_tokens=True),
        display_name="Tiny attention-pooled ViT (test model, random weights)",
        architecture="ViT, patch 16, D48, 2 blocks, 4 heads, GELU MLP 96 + attentional pooler "
                     "(1 query, 4 heads, 32) + LayerNorm",
        tile={"mpp": 0.5, "read_size": 256},
        resize={"size": 256, "interpolation": "bicubic", "antialias": True}, crop=224,
        recipe="pooled", prefix_tokens=1, dim=32,
        notes="Test model for the pooled recipe. The graph has two outputs, last_hidden_state "
              "[batch, 197, 48] first and pooler_output [batch, 32] second; the manifest names "
              "pooler_output, which is taken as is."),
}

DEMO = dict(
    seed=7,
    arch=ex._vit(img_size=224, patch=16, dim=192, depth=4, heads=3),
    display_name="Demo ViT-S/16 (DEMO - random weights, not trained)",
    architecture="ViT, patch 16, D192, 4 blocks, 3 heads, GELU MLP 768",
    tile={"mpp": 0.5, "read_size": 256},
    resize={"size": 224, "interpolation": "bilinear", "antialias": True}, crop=224,
    recipe="cls", prefix_tokens=1, dim=192,
    notes="Random weights: for trying the pipeline end to end without a gated download. "
          "Its embeddings carry no information about the tissue.")

INTERP = {"bilinear": transforms.InterpolationMode.BILINEAR,
          "bicubic": transforms.InterpolationMode.BICUBIC,
          "nearest": transforms.InterpolationMode.NEAREST}


def round_half_away_from_zero(v):
    return int(np.floor(abs(v) + 0.5)) * (1 if v >= 0 else -1)


def sha256_file(path):
    return ex.sha256_file(path)


def gzip_bytes(data):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as f:
        f.write(data)
    return buf.getvalue()


def build(spec):
    cfg = dict(spec["arch"])
    model = ex.build_model(cfg)
    ex.init_random(model, spec["seed"])
    return cfg, model.eval()


def manifest(name, spec, onnx_file, digest, export_cmd, trained=False):
    cfg = spec["arch"]
    outputs = ex.output_names(cfg)
    return {
        "schema_version": 1,
        "name": name,
        "display_name": spec["display_name"],
        "source": "tools/make_test_models.py (seeded random weights)",
        "licence": "Apache-2.0 (as SlideEmbed)",
        "citation": None,
        "trained": trained,
        "architecture": spec["architecture"],
        "onnx": {"file": onnx_file, "sha256": digest, "input": "pixel_values", "output": outputs[-1],
                 "external_data": False},
        "export": export_cmd,
        "tile": spec["tile"],
        "preprocess": {"resize": spec["resize"], "crop": spec["crop"],
                       "mean": IMNET["mean"], "std": IMNET["std"]},
        "input_size": cfg["img_size"],
        "output": {"recipe": spec["recipe"], "prefix_tokens": spec["prefix_tokens"], "dim": spec["dim"]},
        "precision": "fp32",
        "notes": spec["notes"],
    }


def transform_for(spec):
    steps = []
    if spec["resize"] is not None:
        r = spec["resize"]
        steps.append(transforms.Resize(r["size"], interpolation=INTERP[r["interpolation"]],
                                       antialias=r["antialias"]))
    if spec["crop"] is not None:
        steps.append(transforms.CenterCrop(spec["crop"]))
    return transforms.Compose(steps), transforms.Compose([
        transforms.ToTensor(), transforms.Normalize(IMNET["mean"], IMNET["std"])])


def apply_recipe(out, spec):
    if spec["recipe"] == "cls":
        return out[:, 0]
    if spec["recipe"] == "cls_mean":
        return torch.cat([out[:, 0], out[:, spec["prefix_tokens"]:].mean(dim=1)], dim=1)
    return out


def tile_grid(width, height, mpp, spec):
    edge = round_half_away_from_zero(spec["tile"]["read_size"] * spec["tile"]["mpp"] / mpp)
    return edge, [(x, y) for y in range(0, height - edge + 1, edge) for x in range(0, width - edge + 1, edge)]


def read_rgb(slide, x, y, edge):
    rgba = np.asarray(slide.read_region((x, y), 0, (edge, edge)))
    if not (rgba[:, :, 3] == 255).all():
        sys.exit(f"tile ({x},{y}) has alpha < 255; this script assumes an opaque slide")
    return Image.fromarray(np.ascontiguousarray(rgba[:, :, :3]), "RGB")


def goldens(name, spec, model, onnx_digest, slide_path, out_dir):
    slide = openslide.OpenSlide(slide_path)
    width, height = slide.dimensions
    mpp = float(slide.properties["openslide.mpp-x"])
    edge, grid = tile_grid(width, height, mpp, spec)
    geometric, tensorize = transform_for(spec)
    images, tensors = [], []
    for x, y in grid:
        img = geometric(read_rgb(slide, x, y, edge))
        images.append(np.asarray(img))
        tensors.append(tensorize(img))
    slide.close()
    embeddings = []
    with torch.no_grad():
        for i in range(0, len(tensors), BATCH):
            out = model(torch.stack(tensors[i:i + BATCH]))
            out = out[-1] if isinstance(out, tuple) else out
            embeddings.append(apply_recipe(out, spec).float())
    emb = torch.cat(embeddings).numpy()
    textured = int(np.argmax([float(np.asarray(im, dtype=np.float64).std()) for im in images]))
    inputs = []
    for idx in sorted({0, 1, textured}):
        stem = f"{name}.tile{idx}"
        t = tensors[idx].unsqueeze(0).numpy().astype("<f4")
        with open(os.path.join(out_dir, stem + ".f32.gz"), "wb") as f:
            f.write(gzip_bytes(t.tobytes()))
        with open(os.path.join(out_dir, stem + ".rgb.gz"), "wb") as f:
            f.write(gzip_bytes(np.ascontiguousarray(images[idx]).tobytes()))
        inputs.append({
            "tile_index": idx, "x": grid[idx][0], "y": grid[idx][1],
            "why": "first tiles" if idx in (0, 1) and idx != textured else "most texture (largest RGB std)",
            "tensor": {"file": stem + ".f32.gz", "format": "gzip of raw little-endian float32, NCHW",
                       "shape": list(t.shape), "sha256_uncompressed": hashlib.sha256(t.tobytes()).hexdigest()},
            "rgb": {"file": stem + ".rgb.gz",
                    "format": "gzip of raw uint8 RGB, row-major, after resize and crop, before ToTensor",
                    "width": int(images[idx].shape[1]), "height": int(images[idx].shape[0])},
        })
    r = spec["resize"]
    doc = {
        "model": name,
        "onnx_sha256": onnx_digest,
        "slide": {"file": SLIDE, "sha256": sha256_file(slide_path), "width": width, "height": height,
                  "mpp": mpp, "level_count": 1},
        "grid": {
            "rule": "edge = round_half_away_from_zero(read_size * tile_mpp / slide_mpp); stride = edge; "
                    "tiles at x = k*edge, y = j*edge (level 0) with x + edge <= width and "
                    "y + edge <= height; no tissue filter; order row-major (y outer, x inner)",
            "read_size": spec["tile"]["read_size"], "tile_mpp": spec["tile"]["mpp"], "edge": edge,
            "columns": len({x for x, _ in grid}), "rows": len({y for _, y in grid}), "count": len(grid),
        },
        "read": "openslide-python read_region((x, y), 0, (edge, edge)); alpha is 255 on every pixel of "
                "this slide (asserted), so RGB is used as read",
        "preprocess": ("torchvision on the PIL image: "
                       + (f"Resize({r['size']}, {r['interpolation']}, antialias=True), " if r else "")
                       + (f"CenterCrop({spec['crop']}), " if spec["crop"] else "")
                       + "ToTensor(), Normalize(mean, std); float32"),
        "model_run": "the torch module in float32, batches of 16, then the recipe",
        "recipe": spec["recipe"], "prefix_tokens": spec["prefix_tokens"], "dim": spec["dim"],
        "tolerance": "ONNX Runtime (CPU, fp32) fed the stored input tensors reproduces these "
                     "embeddings within ~2e-6 (max abs). From the slide, end to end, compare each tile "
                     "with max |a - b| <= 1e-4 + 1e-3 * max |golden|: a resampler that is off by one "
                     "grey level on 1% of the pixels stays well inside it, while the wrong "
                     "interpolation (bicubic for bilinear) or a resize without PIL's antialiasing "
                     "exceeds it. Cosine similarity is not a useful test here: both stay above 0.9999",
        "versions": {"python": sys.version.split()[0], "torch": torch.__version__,
                     "torchvision": torchvision.__version__, "pillow": PIL.__version__,
                     "openslide-python": openslide.__version__,
                     "openslide": getattr(openslide, "__library_version__", None), "numpy": np.__version__},
        "inputs": inputs,
        "tiles": [{"x": x, "y": y, "edge": edge, "embedding": [float(v) for v in emb[i]]}
                  for i, (x, y) in enumerate(grid)],
    }
    with open(os.path.join(out_dir, f"{name}.goldens.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    return len(grid)


def write_model(name, spec, onnx_dir, manifest_dir, export_cmd):
    cfg, model = build(spec)
    cfg["name"] = name
    onnx_path = os.path.join(onnx_dir, f"{name}.onnx")
    ex.export(model, cfg, onnx_path, opset=OPSET, quiet=True)
    digest = sha256_file(onnx_path)
    with open(os.path.join(manifest_dir, f"{name}.json"), "w") as f:
        json.dump(manifest(name, spec, f"{name}.onnx", digest, export_cmd), f, indent=2)
        f.write("\n")
    return model, digest


def generate(slides_dir, models_dir, manifests_dir):
    os.makedirs(models_dir, exist_ok=True)
    slide_path = os.path.join(slides_dir, SLIDE)
    cmd = "/usr/bin/python3 tools/make_test_models.py"
    for name, spec in TINY.items():
        model, digest = write_model(name, spec, models_dir, models_dir, cmd)
        n = goldens(name, spec, model, digest, slide_path, models_dir)
        print(f"{name}: {n} tiles, onnx sha256 {digest}")
    _, digest = write_model("demo-vit", DEMO, manifests_dir, manifests_dir, cmd)
    print(f"demo-vit: onnx sha256 {digest}")


def compare(fresh_models, fresh_manifests, models_dir, manifests_dir):
    """Compares a fresh build with the committed files; returns problems."""
    problems = []
    for name in TINY:
        a = json.load(open(os.path.join(fresh_models, f"{name}.goldens.json")))
        b = json.load(open(os.path.join(models_dir, f"{name}.goldens.json")))
        ea = np.array([t["embedding"] for t in a["tiles"]], dtype=np.float32)
        eb = np.array([t["embedding"] for t in b["tiles"]], dtype=np.float32)
        if ea.shape != eb.shape:
            problems.append(f"{name}: {ea.shape} embeddings, committed {eb.shape}")
        elif not np.array_equal(ea, eb):
            problems.append(f"{name}: embeddings differ, max |diff| {float(np.abs(ea - eb).max()):.3g}")
        for inp in a["inputs"]:
            for key in ("tensor", "rgb"):
                fa, fb = (os.path.join(d, inp[key]["file"]) for d in (fresh_models, models_dir))
                if not os.path.exists(fb) or gzip.open(fa).read() != gzip.open(fb).read():
                    problems.append(f"{name}: {inp[key]['file']} differs")
        if a["onnx_sha256"] != b["onnx_sha256"]:
            print(f"note: {name}.onnx bytes differ from the committed file (a different exporter "
                  f"version can reorder the graph); embeddings are what is compared", file=sys.stderr)
    for d_fresh, d_old, name in ((fresh_manifests, manifests_dir, "demo-vit"),):
        if sha256_file(os.path.join(d_fresh, f"{name}.onnx")) != sha256_file(os.path.join(d_old, f"{name}.onnx")):
            print(f"note: {name}.onnx bytes differ from the committed file", file=sys.stderr)
    return problems


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--slides", default=os.path.join(os.path.dirname(REPO_ROOT), "shared", "slides"))
    p.add_argument("--check", action="store_true", help="rebuild in a temporary folder and compare")
    args = p.parse_args(argv)
    torch.set_num_threads(1)  # one thread: the same float summation order on every machine
    models_dir = os.path.join(REPO_ROOT, "tests", "models")
    manifests_dir = os.path.join(REPO_ROOT, "manifests")
    if not os.path.exists(os.path.join(args.slides, SLIDE)):
        sys.exit(f"{SLIDE} not found under {args.slides}")
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fm, fn = os.path.join(tmp, "models"), os.path.join(tmp, "manifests")
            os.makedirs(fn)
            generate(args.slides, fm, fn)
            problems = compare(fm, fn, models_dir, manifests_dir)
        for pr in problems:
            print("DIFFERENT: " + pr)
        print("check: " + ("ok" if not problems else f"{len(problems)} difference(s)"))
        return 1 if problems else 0
    generate(args.slides, models_dir, manifests_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
