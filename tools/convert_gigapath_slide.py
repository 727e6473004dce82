#!/usr/bin/python3
"""Converts the official Prov-GigaPath slide encoder checkpoint to safetensors.

The released file `slide_encoder.pth` is a PyTorch pickle `{"model": state_dict}` with
247 float32 tensors (see LONGNET.md). SlideEmbed reads safetensors only, so this script
loads the pickle with Debian's python3-torch (weights_only when the installed torch
supports it, so no code in the pickle runs) and writes the tensors by hand (Debian has no
safetensors package): 8-byte little-endian header length, JSON header
{name: {dtype, shape, data_offsets}, "__metadata__": {...}} padded with spaces to a
multiple of 8, then the raw little-endian data in header order.

Usage:
    tools/convert_gigapath_slide.py --checkpoint slide_encoder.pth \
        --out ~/.cache/slideembed/models/gigapath-slide.safetensors
    tools/convert_gigapath_slide.py --self-test

The output's SHA-256 is printed; put it in manifests/gigapath-slide.json (weights.sha256)
to have it verified.
"""

import argparse
import hashlib
import json
import os
import re
import struct
import sys
import tempfile

import numpy as np
import torch

LAYER_KEYS = [
    "self_attn.q_proj.weight", "self_attn.q_proj.bias", "self_attn.k_proj.weight", "self_attn.k_proj.bias",
    "self_attn.v_proj.weight", "self_attn.v_proj.bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias",
    "self_attn.inner_attn_ln.weight", "self_attn.inner_attn_ln.bias",
    "self_attn_layer_norm.weight", "self_attn_layer_norm.bias",
    "ffn.fc1.weight", "ffn.fc1.bias", "ffn.fc2.weight", "ffn.fc2.bias",
    "ffn.ffn_layernorm.weight", "ffn.ffn_layernorm.bias",
    "final_layer_norm.weight", "final_layer_norm.bias",
]
TOP_KEYS = ["cls_token", "patch_embed.proj.weight", "patch_embed.proj.bias",
            "encoder.layer_norm.weight", "encoder.layer_norm.bias", "norm.weight", "norm.bias"]
# Buffers that may appear in some exports and are recomputed by SlideEmbed.
DROPPED = {"pos_embed"}


def load_state_dict(path):
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except TypeError:  # torch without weights_only
        obj = torch.load(path, map_location="cpu")
    if isinstance(obj, dict) and "model" in obj and isinstance(obj["model"], dict):
        obj = obj["model"]
    if not isinstance(obj, dict):
        raise ValueError(f"{path}: expected a state dict or {{'model': state_dict}}, got {type(obj).__name__}")
    state = {}
    for key, value in obj.items():
        key = key[len("module."):] if key.startswith("module.") else key
        if key in DROPPED:
            continue
        if not torch.is_tensor(value):
            raise ValueError(f"{path}: entry '{key}' is a {type(value).__name__}, not a tensor")
        state[key] = value
    return state


def check_keys(state):
    depth = 0
    while f"encoder.layers.{depth}.self_attn.q_proj.weight" in state:
        depth += 1
    expected = list(TOP_KEYS) + [f"encoder.layers.{i}.{k}" for i in range(depth) for k in LAYER_KEYS]
    missing = [k for k in expected if k not in state]
    unexpected = [k for k in state if k not in set(expected)]
    if depth == 0 or missing or unexpected:
        raise ValueError(f"not a GigaPath slide encoder state dict: depth {depth}, missing {missing[:5]}, unexpected {unexpected[:5]}")
    for k, v in state.items():
        if not torch.is_floating_point(v):
            raise ValueError(f"tensor '{k}' has dtype {v.dtype}; expected floating point")
    return depth, expected


def ordered(expected):
    """Official order: cls, projection, layers in order, then the final norms."""
    head = ["cls_token", "patch_embed.proj.weight", "patch_embed.proj.bias"]
    tail = ["encoder.layer_norm.weight", "encoder.layer_norm.bias", "norm.weight", "norm.bias"]
    layers = [k for k in expected if k.startswith("encoder.layers.")]
    layers.sort(key=lambda k: (int(re.match(r"encoder\.layers\.(\d+)\.", k).group(1)), LAYER_KEYS.index(k.split(".", 3)[3])))
    return head + layers + tail


def write_safetensors(path, tensors, metadata):
    header, offset = {}, 0
    header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    arrays = []
    for name, t in tensors:
        a = np.ascontiguousarray(t.detach().to(torch.float32).cpu().numpy()).astype("<f4", copy=False)
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        arrays.append(a)
        offset += a.nbytes
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".partial")
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in [struct.pack("<Q", len(text)), text] + [a.tobytes() for a in arrays]:
                f.write(chunk)
                digest.update(chunk)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return digest.hexdigest()


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    out = {}
    for name, info in header.items():
        assert info["dtype"] == "F32", info
        s, e = info["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + s:8 + n + e], dtype="<f4").reshape(info["shape"])
    return out, meta, list(header.keys())


def convert(checkpoint, out):
    state = load_state_dict(checkpoint)
    depth, expected = check_keys(state)
    names = ordered(expected)
    params = sum(state[k].numel() for k in names)
    with open(checkpoint, "rb") as f:
        source_sha = hashlib.sha256(f.read()).hexdigest()
    digest = write_safetensors(out, [(k, state[k]) for k in names],
                               {"format": "pt", "source": os.path.basename(checkpoint), "source_sha256": source_sha,
                                "converter": "tools/convert_gigapath_slide.py"})
    width = state["patch_embed.proj.weight"].shape[0]
    print(f"{out}: {len(names)} tensors, {params:,} parameters, depth {depth}, width {width}")
    print(f"sha256 {digest}")
    return digest


def self_test():
    torch.manual_seed(0)
    d, f, i, depth = 32, 128, 48, 2
    shapes = {"cls_token": (1, 1, d), "patch_embed.proj.weight": (d, i), "patch_embed.proj.bias": (d,),
              "encoder.layer_norm.weight": (d,), "encoder.layer_norm.bias": (d,), "norm.weight": (d,), "norm.bias": (d,)}
    for layer in range(depth):
        for k in LAYER_KEYS:
            if k.startswith("ffn.fc1"):
                shape = (f, d) if k.endswith("weight") else (f,)
            elif k.startswith("ffn.fc2"):
                shape = (d, f) if k.endswith("weight") else (d,)
            elif k.startswith("ffn.ffn_layernorm"):
                shape = (f,)
            elif k.endswith("proj.weight"):
                shape = (d, d)
            else:
                shape = (d,)
            shapes[f"encoder.layers.{layer}.{k}"] = shape
    state = {k: torch.randn(*s) for k, s in shapes.items()}
    with tempfile.TemporaryDirectory() as tmp:
        pth = os.path.join(tmp, "slide_encoder.pth")
        # Shuffled insertion order and a buffer that must be dropped.
        keys = list(state)
        np.random.default_rng(1).shuffle(keys)
        torch.save({"model": {**{k: state[k] for k in keys}, "pos_embed": torch.zeros(1, 5, d)}}, pth)
        out = os.path.join(tmp, "out.safetensors")
        digest = convert(pth, out)
        with open(out, "rb") as fh:
            assert hashlib.sha256(fh.read()).hexdigest() == digest
        back, meta, order = read_safetensors(out)
        assert set(back) == set(state), set(back) ^ set(state)
        for k, v in state.items():
            assert np.array_equal(back[k], v.numpy()), k
        assert order[0] == "cls_token" and order[-1] == "norm.bias", order
        assert meta["format"] == "pt"
        assert os.path.getsize(out) % 4 == 0

        bad = dict(state)
        del bad["norm.bias"]
        torch.save({"model": bad}, pth)
        try:
            convert(pth, out)
            raise AssertionError("a missing tensor was accepted")
        except ValueError as e:
            assert "norm.bias" in str(e), e
        torch.save({"model": {**state, "extra.weight": torch.zeros(2)}}, pth)
        try:
            convert(pth, out)
            raise AssertionError("an unexpected tensor was accepted")
        except ValueError as e:
            assert "extra.weight" in str(e), e
    print("self-test passed")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoint", help="slide_encoder.pth")
    parser.add_argument("--out", help="output .safetensors")
    parser.add_argument("--self-test", action="store_true", help="round-trip a random state dict")
    args = parser.parse_args()
    if args.self_test:
        self_test()
        return 0
    if not args.checkpoint or not args.out:
        parser.error("--checkpoint and --out are required (or --self-test)")
    convert(args.checkpoint, os.path.expanduser(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
