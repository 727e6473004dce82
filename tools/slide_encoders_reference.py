#!/usr/bin/python3
"""Independent float64 PyTorch references of the slide encoders after GigaPath, and their goldens.

Each model is written as nn.Modules from the published forward pass (module paths and parameter
names as in the published checkpoints, so load_state_dict(strict=True) checks the key layout),
not from the C# code:

    feather-conch-v1-5, feather-uni2-h   MIL-Lab ABMIL base (src/models/abmil.py, layers.py)
    chief                                hms-dbmi/CHIEF models/CHIEF.py, size "small", WSI_feature
    madeleine                            mahmoodlab/MADELEINE models/Model.py encode_he + abmil.py
    titan                                MahmoodLab/TITAN remote code (vision_transformer.py)

Weights and tile features come from the counter generator of tools/longnet_reference.py
(splitmix64 keyed by seed and tensor name). Each tensor has a kind that fixes its scale:

    w, b   Linear weight / bias:   v / sqrt(fan_in)
    nw     LayerNorm weight:       1 + 0.1 v
    nb     LayerNorm bias:         0.1 v
    t      token / query:          v          (overrides TITAN's ~1e-6 init so every path carries signal)

A golden file records, in its metadata, every tensor's name, shape, kind and fan-in, so a test
regenerates the state dict from the same list (and checks per-tensor sums), plus the case's
coordinates, the indices of the tile rows set to zero, and the float64 slide embedding.

Usage:
    tools/slide_encoders_reference.py --goldens tests/goldens/slide_encoders
    tools/slide_encoders_reference.py --goldens DIR --model titan --n 9   # one case
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from longnet_reference import uniform, write_safetensors  # noqa: E402

WEIGHT_SEED = 20250101
INPUT_SEED = 777


# ---------------------------------------------------------------- gated attention (ABMIL family)

class GatedAttention(nn.Module):
    """attention_a = Linear + Tanh (+ Dropout), attention_b = Linear + Sigmoid (+ Dropout), attention_c = Linear."""

    def __init__(self, dim, hidden, dropout):
        super().__init__()
        extra = [nn.Dropout(0.25)] if dropout else []
        self.attention_a = nn.Sequential(nn.Linear(dim, hidden), nn.Tanh(), *extra)
        self.attention_b = nn.Sequential(nn.Linear(dim, hidden), nn.Sigmoid(), *extra)
        self.attention_c = nn.Linear(hidden, 1)

    def forward(self, x):
        return self.attention_c(self.attention_a(x) * self.attention_b(x))


class FeatherAbmil(nn.Module):
    def __init__(self, in_dim, embed=512, attn=384):
        super().__init__()
        self.patch_embed = nn.Sequential(nn.Linear(in_dim, embed), nn.ReLU(), nn.Dropout(0.0))
        self.global_attn = GatedAttention(embed, attn, dropout=True)

    def forward(self, x):
        h = self.patch_embed(x)                       # [N, 512]
        a = torch.softmax(self.global_attn(h).T, dim=-1)
        return (a @ h)[0]                             # pools the embedded features


class Feather(nn.Module):
    def __init__(self, in_dim):
        super().__init__()
        self.model = FeatherAbmil(in_dim)

    def forward(self, x, coords=None):
        return self.model(x)


class Chief(nn.Module):
    def __init__(self, size=(768, 512, 256)):
        super().__init__()
        self.attention_net = nn.Sequential(nn.Linear(size[0], size[1]), nn.ReLU(), nn.Dropout(0.25),
                                           GatedAttention(size[1], size[2], dropout=True))

    def forward(self, x, coords=None):
        a = torch.softmax(self.attention_net(x).T, dim=1)
        return (a @ x)[0]                             # WSI_feature pools the ORIGINAL features


class MadeleineEmbedder(nn.Module):
    def __init__(self, in_dim, hidden, heads):
        super().__init__()
        self.heads = heads
        self.pre_attn = nn.Sequential(
            nn.Linear(in_dim, hidden), nn.LayerNorm(hidden), nn.GELU(), nn.Dropout(0.1),
            nn.Linear(hidden, hidden), nn.LayerNorm(hidden), nn.GELU(), nn.Dropout(0.1),
            nn.Linear(hidden, hidden * heads), nn.LayerNorm(hidden * heads), nn.GELU(), nn.Dropout(0.1))
        self.attn = nn.ModuleList([GatedAttention(hidden, 512, dropout=True) for _ in range(heads)])

    def forward(self, bags):                          # [1, N, in]
        e = self.pre_attn(bags)
        e = e.reshape(e.shape[0], e.shape[1], -1, self.heads)       # 'b t (e c) -> b t e c'
        att = torch.stack([torch.softmax(self.attn[c](e[:, :, :, c]), dim=1) for c in range(self.heads)], dim=-1)
        return (e * att).sum(dim=1)                   # [1, e, c]


class Madeleine(nn.Module):
    def __init__(self, in_dim=512, hidden=512, heads=4):
        super().__init__()
        self.wsi_embedders = MadeleineEmbedder(in_dim, hidden, heads)
        self.token_projector = nn.Linear(hidden * heads, 128)
        self.projector = nn.Linear(hidden * heads, hidden)

    def forward(self, x, coords=None):
        s = self.wsi_embedders(x[None])
        return self.projector(s.reshape(1, -1))[0]    # flattened e-major (e * heads + c)


# ---------------------------------------------------------------- TITAN

def alibi_slopes(heads):
    def power_of_2(n):
        start = 2 ** (-2 ** -(math.log2(n) - 3))
        return [start * start ** i for i in range(n)]

    if math.log2(heads).is_integer():
        return power_of_2(heads)
    closest = 2 ** math.floor(math.log2(heads))
    return power_of_2(closest) + power_of_2(2 * closest)[0::2][:heads - closest]


class TitanAttention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim, bias=True)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, bias):
        n, c = x.shape
        qkv = self.qkv(x).reshape(n, 3, self.heads, c // self.heads).permute(1, 2, 0, 3)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = torch.softmax(q @ k.transpose(-2, -1) * (c // self.heads) ** -0.5 + bias, dim=-1)
        return self.proj((attn @ v).transpose(0, 1).reshape(n, c))


class TitanMlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class TitanBlock(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = TitanAttention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = TitanMlp(dim, 4 * dim)

    def forward(self, x, bias):
        x = x + self.attn(self.norm1(x), bias)
        return x + self.mlp(self.norm2(x))


class TitanBlocks(nn.Module):
    def __init__(self, dim, heads, depth):
        super().__init__()
        self.modules_list = nn.ModuleList([TitanBlock(dim, heads) for _ in range(depth)])


class AttentionalPooler(nn.Module):
    """open_clip's pooler: learned queries attend over LN_k(x) with nn.MultiheadAttention."""

    def __init__(self, dim, context, heads, queries):
        super().__init__()
        self.query = nn.Parameter(torch.randn(queries, dim))
        self.attn = nn.MultiheadAttention(dim, heads, kdim=context, vdim=context)
        self.ln_q = nn.LayerNorm(dim)
        self.ln_k = nn.LayerNorm(context)

    def forward(self, x):                             # x [L, C]
        x = self.ln_k(x)[:, None]
        q = self.ln_q(self.query)[:, None]
        return self.attn(q, x, x, need_weights=False)[0][:, 0]


class TitanVision(nn.Module):
    def __init__(self, in_dim=768, dim=768, depth=6, heads=12):
        super().__init__()
        self.heads = heads
        self.patch_embed = nn.Sequential(nn.Linear(in_dim, dim), nn.GELU())
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.blocks = TitanBlocks(dim, heads, depth)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.attn_pool_contrastive = AttentionalPooler(dim, dim, 8, 1)

    def forward(self, tokens, grid):
        x = torch.cat([self.cls_token[0], self.patch_embed(tokens)], dim=0)
        g = grid.to(x.dtype)
        dist = torch.sqrt(((g[:, None, :] - g[None, :, :]) ** 2).sum(-1))           # [n, n] dense, as the original
        slopes = torch.tensor(alibi_slopes(self.heads), dtype=x.dtype)
        bias = torch.zeros(self.heads, x.shape[0], x.shape[0], dtype=x.dtype)
        bias[:, 1:, 1:] = -slopes[:, None, None] * dist[None]
        for block in self.blocks.modules_list:
            x = block(x, bias)
        x = self.norm(x)
        return self.attn_pool_contrastive(x)[0]


class Titan(nn.Module):
    def __init__(self):
        super().__init__()
        self.vision_encoder = TitanVision()

    def forward(self, features, coords, patch_size_lv0):
        tokens, grid = titan_grid(features, coords, patch_size_lv0)
        return self.vision_encoder(tokens, grid)


def titan_grid(features, coords, patch_size_lv0):
    """preprocess_features: floor((xy - min) / patch), features summed per cell, all-zero cells dropped."""
    c = coords - coords.min(dim=0).values
    g = torch.div(c, patch_size_lv0, rounding_mode="floor").long()
    h, w = int(g[:, 0].max()) + 1, int(g[:, 1].max()) + 1
    cells = torch.zeros(h * w, features.shape[1], dtype=features.dtype)
    cells.index_add_(0, g[:, 0] * w + g[:, 1], features)
    keep = (cells != 0).any(dim=1)
    idx = torch.nonzero(keep)[:, 0]
    grid = torch.stack([idx // w, idx % w], dim=1)
    if idx.numel() == 0:
        raise ValueError("no non-empty cells")
    return cells[idx], grid


# ---------------------------------------------------------------- models and cases

MODELS = {
    "feather-conch-v1-5": (lambda: Feather(768), 768),
    "feather-uni2-h": (lambda: Feather(1536), 1536),
    "chief": (lambda: Chief(), 768),
    "madeleine": (lambda: Madeleine(), 512),
    "titan": (lambda: Titan(), 768),
}

NORM_HINTS = ("norm", "ln_q", "ln_k")


def tensor_kinds(model_name, module):
    """(name, shape, kind, fan_in) for every parameter, in state-dict order."""
    out = []
    sd = module.state_dict()
    norm_names = {n for n, m in module.named_modules() if isinstance(m, nn.LayerNorm)}
    for name, value in sd.items():
        shape = list(value.shape)
        owner, _, leaf = name.rpartition(".")
        if owner in norm_names:
            kind, fan_in = ("nw" if leaf == "weight" else "nb"), 1
        elif name.endswith("cls_token") or name.endswith(".query"):
            kind, fan_in = "t", 1
        elif name.endswith("in_proj_weight"):
            kind, fan_in = "w", shape[1]
        elif name.endswith("in_proj_bias"):
            kind, fan_in = "b", sd[name.replace("bias", "weight")].shape[1]
        elif leaf == "weight":
            kind, fan_in = "w", shape[1]
        elif leaf == "bias":
            kind, fan_in = "b", sd[owner + ".weight"].shape[1]
        else:
            raise ValueError(f"{model_name}: no generator rule for {name}")
        out.append((name, shape, kind, fan_in))
    return out


def generated_state_dict(seed, kinds):
    sd = {}
    for name, shape, kind, fan_in in kinds:
        v = uniform(seed, name, int(np.prod(shape)))
        values = {"w": v / math.sqrt(fan_in), "b": v / math.sqrt(fan_in), "nw": 1 + 0.1 * v, "nb": 0.1 * v, "t": v}[kind]
        sd[name] = torch.from_numpy(values.astype(np.float32).reshape(shape))
    return sd


def build(model_name, seed):
    factory, in_dim = MODELS[model_name]
    module = factory()
    kinds = tensor_kinds(model_name, module)
    sd = generated_state_dict(seed, kinds)
    module.load_state_dict(sd, strict=True)
    return module.double().eval(), kinds, sd, in_dim


def case_inputs(n, in_dim, patch, rng):
    """Features, level-0 coordinates and zeroed rows that stress the grid rules."""
    features = uniform(INPUT_SEED, "input.features", n * in_dim).astype(np.float32).reshape(n, in_dim)
    side = max(2, int(math.ceil(math.sqrt(n * 1.6))))
    cols = max(2, int(side * 1.3))
    cells = rng.choice(side * cols, size=n, replace=n > side * cols)      # holes; duplicates when crowded
    origin = np.array([3 * patch + 137, 11 * patch + 5], dtype=np.int64)
    coords = np.stack([cells % cols, cells // cols], axis=1).astype(np.int64) * patch + origin
    if n >= 4:
        coords[1] = coords[0]                                          # exact duplicate: summed
        coords[2] += np.array([patch // 3, patch - 1])                 # off-grid: floors into a cell
        coords[3] += np.array([-(patch // 5), 7])                      # off-grid before its cell
    zero = np.array([i for i in (5, n // 2, n - 1) if n >= 8 and i < n], dtype=np.int64)
    features[zero] = 0
    return features, coords, np.unique(zero)


CASES = {
    "feather-conch-v1-5": [1, 9, 1000, 5000],
    "feather-uni2-h": [1, 9, 3000],
    "chief": [1, 9, 3000],
    "madeleine": [1, 9, 3000],
    "titan": [1, 9, 300, 1500],
}


def make_golden(out_dir, model_name, n, patch=512):
    t0 = time.time()
    module, kinds, sd, in_dim = build(model_name, WEIGHT_SEED)
    rng = np.random.RandomState(n)
    features, coords, zero = case_inputs(n, in_dim, patch, rng)
    with torch.no_grad():
        x = torch.from_numpy(features.astype(np.float64))
        c = torch.from_numpy(coords)
        if model_name == "titan":
            out = module(x, c, patch)
        else:
            out = module(x)
    tensors = {
        "coords": coords if model_name == "titan" else np.zeros((0, 2), dtype=np.int64),
        "zero_rows": zero if zero.size else np.zeros(0, dtype=np.int64),
        "features_checksum": np.array([features.astype(np.float64).sum(), features[0, 0], features[-1, -1]], dtype=np.float64),
        "weight_checksums": np.array([float(sd[k].double().sum()) for k, _, _, _ in kinds], dtype=np.float64),
        "embedding": out.numpy().astype(np.float64),
    }
    meta = {"model": model_name, "n": n, "weight_seed": WEIGHT_SEED, "input_seed": INPUT_SEED, "patch_size_lv0": patch,
            "tensors": json.dumps(kinds, separators=(",", ":")),
            "generator": "tools/slide_encoders_reference.py (splitmix64 counter generator of tools/longnet_reference.py)",
            "precision": "float64 forward from float32 weights and inputs"}
    path = os.path.join(out_dir, f"{model_name}_n{n}.safetensors")
    write_safetensors(path, tensors, meta)
    print(f"{path}: {time.time() - t0:.1f} s, {os.path.getsize(path)} bytes")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--goldens", help="write every golden case into this folder")
    parser.add_argument("--model", choices=sorted(MODELS), help="only this model")
    parser.add_argument("--n", type=int, nargs="*", help="only these tile counts")
    args = parser.parse_args()
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    if not args.goldens:
        parser.error("--goldens is required")
    os.makedirs(args.goldens, exist_ok=True)
    for name in sorted(MODELS):
        if args.model and name != args.model:
            continue
        for n in args.n or CASES[name]:
            make_golden(args.goldens, name, n)


if __name__ == "__main__":
    main()
