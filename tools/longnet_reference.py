#!/usr/bin/python3
"""Independent float64 PyTorch reference of the Prov-GigaPath slide encoder (LongNet).

Written from /work/shared/LONGNET.md (the specification), not from the C# code, and
deliberately in the most literal form: every dilated-attention branch is computed
with its phantom keys materialised as zero rows, the head offset h div G, one
softmax per (segment, head) over an m x m score matrix, and the branches merged by
a softmax over their log-sum-exps.

Weights and inputs come from a documented counter-based generator that the C# tests
re-implement (tests/SlideEmbed.Tests/Aggregation/SplitMixGenerator.cs), so the
released-size model (86M parameters, 345 MB in float32) never has to be stored:

    splitmix64(x):  z = x + 0x9E3779B97F4A7C15 (mod 2^64)
                    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
                    z = (z ^ (z >> 27)) * 0x94D049BB133111EB
                    return z ^ (z >> 31)
    fnv1a64(name):  h = 0xCBF29CE484222325; for each UTF-8 byte b: h = (h ^ b) * 0x100000001B3
    key(seed, name) = splitmix64(seed) ^ fnv1a64(name)
    bits(k)         = splitmix64(key + k) >> 40                     (24 bits, k = flat index)
    v(k)            = (bits(k) + 0.5) * 2^-23 - 1                   (in (-1, 1), exact in float64)

    Linear weight [out, in] and bias [out]:  float32(v / sqrt(in))   (PyTorch's default bound)
    LayerNorm weight: float32(1 + 0.1 v);    LayerNorm bias: float32(0.1 v)
    cls_token [1, 1, D]: float32(0.02 v)
    inputs: features [N, in] = float32(v) with name "input.features";
            coords: x = (bits(2n) * extent) >> 24, y = (bits(2n + 1) * extent) >> 24 with
            name "input.coords" and extent = 40960 px (a 160 x 160 tile area).

Usage:
    tools/longnet_reference.py --goldens tests/goldens/longnet      # released size, N = 1 and 1030
    tools/longnet_reference.py --self-test                           # checks against ../shared/longnet/mini
"""

import argparse
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15

RELEASED = dict(in_dim=1536, dim=768, depth=12, heads=16, ffn=3072, tile_size=256, ngrids=1000,
                segments=[1024, 5792, 32768, 185363, 1048576], dilations=[1, 2, 4, 8, 16])
INNER_EPS = 1e-5
OUTER_EPS = 1e-6
COORD_EXTENT = 40960


# ---------------------------------------------------------------- generator

def splitmix64_scalar(x):
    z = (x + GOLDEN) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def splitmix64_array(x):
    with np.errstate(over="ignore"):
        z = x + np.uint64(GOLDEN)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def fnv1a64(name):
    h = 0xCBF29CE484222325
    for b in name.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & MASK64
    return h


def bits24(seed, name, count):
    key = splitmix64_scalar(seed) ^ fnv1a64(name)
    with np.errstate(over="ignore"):
        k = np.arange(count, dtype=np.uint64) + np.uint64(key)
    return splitmix64_array(k) >> np.uint64(40)


def uniform(seed, name, count):
    return (bits24(seed, name, count).astype(np.float64) + 0.5) * 2.0 ** -23 - 1.0


def state_dict_shapes(cfg):
    d, f, i = cfg["dim"], cfg["ffn"], cfg["in_dim"]
    shapes = [("cls_token", [1, 1, d]), ("patch_embed.proj.weight", [d, i]), ("patch_embed.proj.bias", [d])]
    for layer in range(cfg["depth"]):
        p = f"encoder.layers.{layer}."
        for proj in ("q_proj", "k_proj", "v_proj", "out_proj"):
            shapes += [(p + f"self_attn.{proj}.weight", [d, d]), (p + f"self_attn.{proj}.bias", [d])]
        shapes += [(p + "self_attn.inner_attn_ln.weight", [d]), (p + "self_attn.inner_attn_ln.bias", [d]),
                   (p + "self_attn_layer_norm.weight", [d]), (p + "self_attn_layer_norm.bias", [d]),
                   (p + "ffn.fc1.weight", [f, d]), (p + "ffn.fc1.bias", [f]),
                   (p + "ffn.fc2.weight", [d, f]), (p + "ffn.fc2.bias", [d]),
                   (p + "ffn.ffn_layernorm.weight", [f]), (p + "ffn.ffn_layernorm.bias", [f]),
                   (p + "final_layer_norm.weight", [d]), (p + "final_layer_norm.bias", [d])]
    shapes += [("encoder.layer_norm.weight", [d]), ("encoder.layer_norm.bias", [d]),
               ("norm.weight", [d]), ("norm.bias", [d])]
    return shapes


def generated_tensor(seed, name, shape, fan_in_of):
    count = int(np.prod(shape))
    v = uniform(seed, name, count)
    if name == "cls_token":
        values = 0.02 * v
    elif name.endswith("norm.weight") or name.endswith("_ln.weight") or name.endswith("layernorm.weight"):
        values = 1.0 + 0.1 * v
    elif name.endswith("norm.bias") or name.endswith("_ln.bias") or name.endswith("layernorm.bias"):
        values = 0.1 * v
    else:
        values = v / math.sqrt(fan_in_of[name])
    return values.astype(np.float32).reshape(shape)


def generated_state_dict(seed, cfg):
    shapes = state_dict_shapes(cfg)
    fan_in = {}
    for name, shape in shapes:
        if name.endswith(".weight") and len(shape) == 2:
            fan_in[name] = shape[1]
            fan_in[name[:-len("weight")] + "bias"] = shape[1]
    return {name: generated_tensor(seed, name, shape, fan_in) for name, shape in shapes}


def generated_inputs(seed, n, in_dim):
    features = uniform(seed, "input.features", n * in_dim).astype(np.float32).reshape(n, in_dim)
    b = bits24(seed, "input.coords", 2 * n).astype(np.int64)
    coords = (b * COORD_EXTENT) >> 24
    return features, coords.reshape(n, 2)


# ---------------------------------------------------------------- safetensors

def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    dtypes = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "F16": np.float16}
    out = {}
    for name, info in header.items():
        s, e = info["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + s:8 + n + e], dtype=dtypes[info["dtype"]]).reshape(info["shape"])
    return out, meta


def write_safetensors(path, tensors, metadata):
    names = {np.dtype(np.float32): "F32", np.dtype(np.float64): "F64", np.dtype(np.int64): "I64"}
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    for name, array in tensors.items():
        array = np.ascontiguousarray(array)
        data = array.astype(array.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": names[array.dtype], "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


# ---------------------------------------------------------------- model

def position_embedding(coords, dim, tile_size, ngrids):
    """[N, D] float64 built from float32-rounded sin/cos values, as the original table."""
    i = np.floor(coords[:, 0].astype(np.float64) / tile_size).astype(np.int64)
    j = np.floor(coords[:, 1].astype(np.float64) / tile_size).astype(np.int64)
    if (i < 0).any() or (j < 0).any() or (i >= ngrids).any() or (j >= ngrids).any():
        raise ValueError("coordinates outside the position grid")
    quarter = dim // 4
    omega = 1.0 / 10000.0 ** (np.arange(quarter, dtype=np.float64) / quarter)

    def half(p):
        angle = p[:, None].astype(np.float64) * omega[None, :]
        return np.concatenate([np.sin(angle), np.cos(angle)], axis=1).astype(np.float32)

    return torch.from_numpy(np.concatenate([half(j), half(i)], axis=1).astype(np.float64))


def layer_norm(x, w, b, eps):
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), w, b, eps)


def dilated_attention(q, k, v, heads, segments, dilations):
    """q, k, v: [L, H, dh] float64. Literal branch-by-branch form of LONGNET.md."""
    L, H, dh = q.shape
    scale = dh ** -0.5
    outs, lses = [], []
    for sl, r in zip(segments, dilations):
        s = min(sl, L)
        nseg = -(-L // s)
        m = -(-s // r)
        G = -(-H // r)
        if nseg > 1 and s % r != 0:
            raise ValueError("unsupported: several segments and s mod r != 0")
        out_b = torch.zeros(L, H, dh, dtype=torch.float64)
        lse_b = torch.full((L, H), -1e8, dtype=torch.float64)
        for g in range(nseg):
            for h in range(H):
                off = h // G
                pos = g * s + off + r * torch.arange(m)
                real = pos < L
                keys = torch.zeros(m, dh, dtype=torch.float64)
                vals = torch.zeros(m, dh, dtype=torch.float64)
                keys[real] = k[pos[real], h]
                vals[real] = v[pos[real], h]
                qi = q[pos[real], h]
                if qi.shape[0] == 0:
                    continue
                z = scale * qi @ keys.T                       # phantom keys: score 0, value 0
                lse = torch.logsumexp(z, dim=1)
                o = torch.softmax(z, dim=1) @ vals
                lse = torch.where(lse == 0, torch.full_like(lse, -1e8), lse)
                out_b[pos[real], h] = o
                lse_b[pos[real], h] = lse
        outs.append(out_b)
        lses.append(lse_b)
    lse_all = torch.stack(lses, dim=0)                        # [B, L, H]
    w = torch.softmax(lse_all, dim=0)
    return sum(w[b][..., None] * outs[b] for b in range(len(outs)))


def forward(sd, features, coords, cfg, want_attention=False):
    """Returns cls, mean, layers_cls [depth+1, D], layers_mean [depth+1, D], layer-0 attention."""
    t = {k: torch.from_numpy(np.asarray(v, dtype=np.float64)) for k, v in sd.items()}
    d, heads = cfg["dim"], cfg["heads"]
    x = torch.from_numpy(features.astype(np.float64))
    h = x @ t["patch_embed.proj.weight"].T + t["patch_embed.proj.bias"]
    h = h + position_embedding(coords, d, cfg["tile_size"], cfg["ngrids"])
    h = torch.cat([t["cls_token"].reshape(1, d), h], dim=0)
    L = h.shape[0]
    states = [h]
    attention0 = None
    for layer in range(cfg["depth"]):
        p = f"encoder.layers.{layer}."
        a = layer_norm(h, t[p + "self_attn_layer_norm.weight"], t[p + "self_attn_layer_norm.bias"], INNER_EPS)
        q = (a @ t[p + "self_attn.q_proj.weight"].T + t[p + "self_attn.q_proj.bias"]).reshape(L, heads, -1)
        k = (a @ t[p + "self_attn.k_proj.weight"].T + t[p + "self_attn.k_proj.bias"]).reshape(L, heads, -1)
        v = (a @ t[p + "self_attn.v_proj.weight"].T + t[p + "self_attn.v_proj.bias"]).reshape(L, heads, -1)
        o = dilated_attention(q, k, v, heads, cfg["segments"], cfg["dilations"]).reshape(L, d)
        if layer == 0:
            attention0 = o.clone()
        o = layer_norm(o, t[p + "self_attn.inner_attn_ln.weight"], t[p + "self_attn.inner_attn_ln.bias"], INNER_EPS)
        h = h + o @ t[p + "self_attn.out_proj.weight"].T + t[p + "self_attn.out_proj.bias"]
        f = layer_norm(h, t[p + "final_layer_norm.weight"], t[p + "final_layer_norm.bias"], INNER_EPS)
        f = torch.nn.functional.gelu(f @ t[p + "ffn.fc1.weight"].T + t[p + "ffn.fc1.bias"])
        f = layer_norm(f, t[p + "ffn.ffn_layernorm.weight"], t[p + "ffn.ffn_layernorm.bias"], INNER_EPS)
        h = h + f @ t[p + "ffn.fc2.weight"].T + t[p + "ffn.fc2.bias"]
        states.append(h)

    def norm(x):
        return layer_norm(x, t["norm.weight"], t["norm.bias"], OUTER_EPS)

    final = layer_norm(h, t["encoder.layer_norm.weight"], t["encoder.layer_norm.bias"], INNER_EPS)
    cls = norm(final[0])
    mean = norm(final[1:].mean(dim=0))
    layers_cls = torch.stack([norm(s[0]) for s in states])
    layers_mean = torch.stack([norm(s[1:].mean(dim=0)) for s in states])
    return cls.numpy(), mean.numpy(), layers_cls.numpy(), layers_mean.numpy(), attention0.numpy()


# ---------------------------------------------------------------- commands

ATTENTION_ROWS = [0, 1, 2, 3, 17, 500, 511, 1000, 1023, 1024, 1025, 1029, 1030]


def make_golden(out_dir, seed, input_seed, n, cfg):
    t0 = time.time()
    sd = generated_state_dict(seed, cfg)
    features, coords = generated_inputs(input_seed, n, cfg["in_dim"])
    cls, mean, layers_cls, layers_mean, attention0 = forward(sd, features, coords, cfg)
    rows = np.array([r for r in ATTENTION_ROWS if r <= n], dtype=np.int64)
    checksums = np.array([float(np.asarray(v, dtype=np.float64).sum()) for v in sd.values()], dtype=np.float64)
    tensors = {
        "coords": coords.astype(np.int64),
        "features_checksum": np.array([features.astype(np.float64).sum(), features[0, 0], features[-1, -1]], dtype=np.float64),
        "weight_checksums": checksums,
        "cls": cls, "mean": mean, "layers_cls": layers_cls, "layers_mean": layers_mean,
        "layer0_attention_rows": rows, "layer0_attention": attention0[rows],
    }
    meta = {"n": n, "weight_seed": seed, "input_seed": input_seed, "coord_extent": COORD_EXTENT,
            "config": json.dumps(cfg, separators=(",", ":")),
            "generator": "tools/longnet_reference.py (splitmix64 counter generator, see its docstring)",
            "precision": "float64 forward from float32 weights and inputs"}
    path = os.path.join(out_dir, f"released_n{n}.safetensors")
    write_safetensors(path, tensors, meta)
    print(f"{path}: N = {n}, {time.time() - t0:.1f} s, {os.path.getsize(path)} bytes")


def self_test(mini_dir):
    """The literal reference against the shared float64 reference vectors, and the generator round trip."""
    with open(os.path.join(mini_dir, "config.json")) as f:
        c = json.load(f)
    cfg = dict(in_dim=c["in_dim"], dim=c["dim"], depth=c["depth"], heads=c["heads"], ffn=4 * c["dim"],
               tile_size=c["tile_size"], ngrids=c["ngrids"], segments=c["segments"], dilations=c["dilations"])
    sd, _ = read_safetensors(os.path.join(mini_dir, "weights.safetensors"))
    worst = 0.0
    for n in (1, 2, 5, 40, 1100, 2100, 6000):
        case, _ = read_safetensors(os.path.join(mini_dir, f"case_{n}.safetensors"))
        cls, mean, lc, lm, att = forward(sd, case["features"], case["coords"], cfg)
        diffs = [np.abs(cls - case["cls"]).max(), np.abs(mean - case["mean"]).max(),
                 np.abs(lc - case["layers_cls"]).max(), np.abs(lm - case["layers_mean"]).max()]
        if "layer0_attention" in case:
            diffs.append(np.abs(att - case["layer0_attention"]).max())
        worst = max(worst, max(diffs))
        print(f"mini case_{n}: max abs {max(diffs):.2e}")
    assert worst < 1e-9, f"reference disagrees with the shared vectors: {worst}"
    v = uniform(7, "probe", 4)
    assert np.all(np.abs(v) < 1), v
    print(f"generator probe uniform(7, 'probe', 0..3) = {v.tolist()}")
    print("self-test passed")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--goldens", help="write released-size golden cases into this folder")
    parser.add_argument("--sizes", default="1,1030", help="tile counts of the golden cases (default 1,1030)")
    parser.add_argument("--weight-seed", type=int, default=20240522)
    parser.add_argument("--input-seed", type=int, default=7)
    parser.add_argument("--self-test", action="store_true", help="compare with ../shared/longnet/mini")
    parser.add_argument("--mini", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "longnet", "mini"))
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: default)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.self_test:
        self_test(args.mini)
    if args.goldens:
        os.makedirs(args.goldens, exist_ok=True)
        for n in (int(s) for s in args.sizes.split(",")):
            make_golden(args.goldens, args.weight_seed, args.input_seed + n, n, RELEASED)
    if not args.self_test and not args.goldens:
        parser.print_help()
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
