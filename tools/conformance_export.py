#!/usr/bin/python3
"""Export conformance: every preset of tools/export_onnx.py, proven on a
depth-2 random checkpoint in the model's published layout and file format.

For each preset this writes, under --out:

    <preset>/<file>          the checkpoint (.bin, .pth or .safetensors, with the
                             key names and prefixes of the released file, see
                             tools/conformance_layouts.py)
    <preset>.onnx            the export of that checkpoint (strict load, depth 2)
    <preset>.json            its manifest with the parity ``check`` block
    <preset>.input.f32       a seeded random batch [2, 3, S, S], raw float32
    <preset>.expected.f32    the torch module's output for it, raw float32

and it checks the position-table rules (tools/export_posembed.py) against
implementations written here from each model's own loader: a checkpoint
whose table is for another grid goes through the export's load path, and
the table the module ends up with must equal the reference rule's (and
differ from the other rules', so the test can tell them apart).

Its last output line is a JSON summary: {"presets": {name: {...}}, "rules":
{rule: {...}}}. The .NET test (tests/SlideEmbed.Onnx.Tests/
ExportConformanceTests.cs) runs this once, then compares ONNX Runtime's
output with the torch output (<= 1e-5) and runs the parity check.

    /usr/bin/python3 tools/conformance_export.py --out /tmp/conf [--presets uni,phikon]
"""

import argparse
import contextlib
import io
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import conformance_layouts as layouts  # noqa: E402
import export_onnx  # noqa: E402

DEPTH = 2
NARROW = 384

# preset -> (layout, released file name). The names are the files the models
# are distributed as; the extension decides how the export reads them.
FILES = {
    "uni": ("timm", "pytorch_model.bin"),
    "uni2-h": ("timm", "pytorch_model.bin"),
    "virchow": ("timm", "pytorch_model.bin"),
    "virchow2": ("timm", "model.safetensors"),
    "gigapath-tile": ("timm", "pytorch_model.bin"),
    "h-optimus-0": ("timm", "model.safetensors"),
    "h-optimus-1": ("timm", "model.safetensors"),
    "h0-mini": ("timm", "model.safetensors"),
    "kaiko-vit-l14": ("timm", "model.safetensors"),
    "kaiko-vits16": ("timm", "model.safetensors"),
    "kaiko-vits8": ("timm", "model.safetensors"),
    "kaiko-vitb16": ("timm", "model.safetensors"),
    "kaiko-vitb8": ("timm", "model.safetensors"),
    "lunit-vit-s8": ("timm", "pytorch_model.bin"),
    "gpfm": ("timm-wrapped", "GPFM.pth"),
    "phikon": ("hf-vit", "model.safetensors"),
    "phikon-v2": ("hf-dinov2", "model.safetensors"),
    "hibou-b": ("hf-dinov2", "model.safetensors"),
    "hibou-l": ("hf-dinov2", "model.safetensors"),
    "midnight-12k": ("hf-dinov2", "model.safetensors"),
    "openmidnight": ("dinov2-hub", "teacher_checkpoint_load.pt"),
    "conch-v1": ("conch", "pytorch_model.bin"),
    "conch-v1-5": ("conch15", "pytorch_model_vision.bin"),
    "resnet50-trunc": ("torchvision", "resnet50.pth"),
}

# Grid of the released table when it is not the input grid (kaiko ViT-L/14 is built at 518).
RELEASED_GRID = {"kaiko-vit-l14": 37}


def write_safetensors(sd, path):
    """The safetensors layout, written here independently of the reader the export uses."""
    header, blobs, offset = {}, [], 0
    for name, t in sd.items():
        arr = t.detach().cpu().numpy()
        dtype = {np.dtype(np.float32): "F32", np.dtype(np.int64): "I64"}[arr.dtype]
        raw = arr.astype(arr.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as fh:
        fh.write(struct.pack("<Q", len(text)))
        fh.write(text)
        for raw in blobs:
            fh.write(raw)


def published_state_dict(preset, cfg, seed, grid=None):
    layout, _ = FILES[preset]
    f = layouts.Filler(seed)
    if cfg["kind"] == "resnet50-trunc":
        return layouts.torchvision_resnet50(f)
    grid = grid or RELEASED_GRID.get(preset) or cfg["img_size"] // cfg["patch"]
    if layout == "timm":
        return layouts.timm_vit(cfg, f, grid)
    if layout == "timm-wrapped":
        return {"state_dict": layouts.timm_vit(cfg, f, grid)}
    if layout in ("hf-vit", "hf-dinov2"):
        return layouts.hf_vit(cfg, f, grid, dinov2=(layout == "hf-dinov2"))
    if layout == "dinov2-hub":
        return layouts.dinov2_hub(cfg, f, grid)
    if layout == "conch":
        return layouts.conch_v1(cfg, f, grid)
    if layout == "conch15":
        return layouts.conch_v15(cfg, f, grid)
    raise ValueError(layout)


def save(sd, path):
    if path.endswith(".safetensors"):
        write_safetensors(sd, path)
    else:
        torch.save(sd, path)


def preset_cfg(preset, full_width=False):
    """The preset at depth 2; unless ``full_width``, ViTs wider than 384 are narrowed
    to 384 (6 heads of 64) with the MLP scaled alike, which keeps every key, every
    shape relation (packed SwiGLU halves, registers, position rows) and the input size."""
    cfg = dict(export_onnx.PRESETS[preset])
    cfg["name"] = preset
    if cfg["kind"] == "vit":
        cfg["depth"] = DEPTH
        if not full_width and cfg["dim"] > NARROW:
            hidden = cfg["mlp_hidden"] or 4 * cfg["dim"]
            cfg["mlp_hidden"] = 2 * round(hidden * NARROW / cfg["dim"] / 2)
            cfg["dim"], cfg["heads"] = NARROW, NARROW // 64
    return cfg


def architecture_args(cfg):
    """export_onnx.py options that give ``cfg``'s architecture."""
    if cfg["kind"] != "vit":
        return []
    preset = export_onnx.PRESETS[cfg["name"]]
    argv = ["--depth", str(cfg["depth"])]
    if cfg["dim"] != preset["dim"]:
        argv += ["--dim", str(cfg["dim"]), "--heads", str(cfg["heads"]), "--mlp-hidden", str(cfg["mlp_hidden"])]
    return argv


def run_export(argv):
    """export_onnx.main in this process; returns (ok, message)."""
    log = io.StringIO()
    try:
        with contextlib.redirect_stderr(log), contextlib.redirect_stdout(log):
            export_onnx.main(argv)
        return True, ""
    except SystemExit as e:
        if e.code in (0, None):
            return True, ""
        tail = log.getvalue().strip().splitlines()[-3:]
        return False, f"{e.code}" + (f" ({' | '.join(tail)})" if tail else "")


def conform(preset, out, full_width):
    cfg = preset_cfg(preset, full_width)
    folder = os.path.join(out, preset)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, FILES[preset][1])
    save(published_state_dict(preset, cfg, seed=17), path)
    onnx_path = os.path.join(out, f"{preset}.onnx")
    argv = ["--model", preset, "--checkpoint", path, "--out", onnx_path,
            "--manifest-out", os.path.join(out, f"{preset}.json")]
    argv += architecture_args(cfg)
    ok, message = run_export(argv)
    if not ok:
        return {"ok": False, "error": message}
    stem = onnx_path[:-5]
    batch = np.load(stem + ".check-input.npy").astype("<f4")
    expected = np.load(stem + ".check-output.npy").astype("<f4")
    batch.tofile(stem + ".input.f32")
    expected.tofile(stem + ".expected.f32")
    os.remove(stem + ".check-input.npy")
    os.remove(stem + ".check-output.npy")
    os.remove(path)  # the checkpoint has served; the ONNX file holds the same weights
    return {"ok": True, "file": FILES[preset][1], "input_shape": list(batch.shape),
            "output_shape": list(expected.shape), "output": export_onnx.output_names(cfg)[-1]}


# ---------------------------------------------------------------------------
# Position-table rules, written from each loader (not from export_posembed).
# ---------------------------------------------------------------------------

def ref_timm(grid_img, side):
    # timm/layers/pos_embed.py resample_abs_pos_embed: F.interpolate(size=new_size,
    # mode=interpolation, antialias=antialias) with the defaults bicubic / True.
    return F.interpolate(grid_img, size=(side, side), mode="bicubic", antialias=True)


def ref_hf(grid_img, side):
    # transformers Dinov2Embeddings.interpolate_pos_encoding: size=(h // p, w // p),
    # mode="bicubic", align_corners=False, in float32; no antialias argument.
    return F.interpolate(grid_img.to(torch.float32), size=(side, side), mode="bicubic", align_corners=False)


def ref_dinov2_reg(grid_img, side):
    # dinov2 interpolate_pos_encoding with interpolate_offset 0 -> kwargs size=(w0, h0),
    # mode="bicubic", antialias=self.interpolate_antialias (True for the _reg hub models).
    return F.interpolate(grid_img, size=(side, side), mode="bicubic", antialias=True)


def ref_conch15(grid_img, side):
    # TRIDENT conchv1_5.py: resize_pos_embed -> timm resample_abs_pos_embed to the
    # 224 grid (14x14) with bilinear, antialias False (skipped when already 14x14) ...
    if grid_img.shape[-1] != 14:
        grid_img = F.interpolate(grid_img, size=(14, 14), mode="bilinear", antialias=False)
    # ... then at every forward pass at 448: w0 = 448 // 16 + 0.1, bicubic with
    # scale_factor w0 / sqrt(N), no antialias.
    w0 = side + 0.1
    return F.interpolate(grid_img, scale_factor=(w0 / 14, w0 / 14), mode="bicubic")


REFERENCES = {"timm": ref_timm, "hf": ref_hf, "dinov2-reg": ref_dinov2_reg, "conch15": ref_conch15}
CONTRAST = {"timm": "hf", "hf": "timm", "dinov2-reg": "hf", "conch15": "timm"}

# rule -> (preset whose loader it is, grid of the released table to test with,
#          the table's key in the released file, its rows before the patch rows)
RULE_CASES = {
    "timm": ("kaiko-vit-l14", 37, "pos_embed", 0),
    "hf": ("midnight-12k", 37, "embeddings.position_embeddings", 1),
    "dinov2-reg": ("openmidnight", 37, "pos_embed", 1),
    "conch15": ("conch-v1-5", 28, "trunk.pos_embed", 1),
    "exact": ("gpfm", 37, "pos_embed", 1),
}


def loaded_table(preset, sd):
    """The patch rows of the table the export's module holds after loading ``sd``."""
    cfg = preset_cfg(preset)
    converted = export_onnx.convert_checkpoint(cfg, dict(sd), False)
    model = export_onnx.build_model(cfg)
    with contextlib.redirect_stderr(io.StringIO()):
        export_onnx.load_weights(model, cfg, converted)
    trunk = model if isinstance(model, export_onnx.VisionTransformer) else model.trunk
    prefix = trunk.prefix_tokens if trunk.pos_embed_prefix else 0
    return trunk.pos_embed.detach()[:, prefix:], math.isqrt(trunk.num_patches)


def check_rule(rule):
    preset, grid, key, prefix = RULE_CASES[rule]
    cfg = preset_cfg(preset)
    sd = published_state_dict(preset, cfg, seed=5, grid=grid)
    if rule == "exact":
        try:
            with contextlib.redirect_stderr(io.StringIO()):
                loaded_table(preset, sd["state_dict"])
        except SystemExit as e:
            return {"ok": "does not resample" in str(e.code), "preset": preset, "refused": str(e.code)}
        return {"ok": False, "preset": preset, "refused": None}
    rows = sd[key][:, prefix:]
    got, side = loaded_table(preset, sd)
    img = rows.reshape(1, grid, grid, -1).permute(0, 3, 1, 2).float()

    def flat(x):
        return x.permute(0, 2, 3, 1).reshape(1, -1, x.shape[1])

    want = flat(REFERENCES[rule](img, side))
    diff = float((got - want).abs().max())
    # The rule a careless port would use instead; the test must tell the two apart.
    contrast = CONTRAST[rule]
    other = float((got - flat(REFERENCES[contrast](img, side))).abs().max())
    return {"ok": diff <= 1e-6 and other > 1e-4, "preset": preset, "grid": [grid, side],
            "max_abs_diff": diff, "contrast_rule": contrast, "contrast_diff": other}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, help="folder for the checkpoints, ONNX files and manifests")
    p.add_argument("--presets", help="comma-separated presets (default: all)")
    p.add_argument("--no-rules", action="store_true", help="skip the position-rule checks")
    p.add_argument("--full-width", action="store_true",
                   help="the presets' own widths (slow: the giants are 230 MB at depth 2); "
                        "default: ViTs narrowed to 384")
    args = p.parse_args(argv)
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    os.makedirs(args.out, exist_ok=True)
    presets = args.presets.split(",") if args.presets else list(export_onnx.PRESETS)
    unknown = [n for n in presets if n not in FILES]
    if unknown:
        p.error(f"no published layout for {unknown}")
    summary = {"presets": {}, "rules": {}}
    for name in presets:
        start = time.time()
        summary["presets"][name] = conform(name, args.out, args.full_width)
        summary["presets"][name]["seconds"] = round(time.time() - start, 1)
        print(f"{name}: {summary['presets'][name]}", file=sys.stderr)
    if not args.no_rules:
        for rule in RULE_CASES:
            summary["rules"][rule] = check_rule(rule)
            print(f"rule {rule}: {summary['rules'][rule]}", file=sys.stderr)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
