#!/usr/bin/python3
"""Export a pathology tile encoder to ONNX for the SlideEmbed runner.

What it does
    Builds the encoder's architecture in plain PyTorch (no timm, no
    transformers), loads a checkpoint into it with ``strict=True`` (or uses
    random weights), and writes an ONNX graph with

    * one input ``pixel_values``: float32 [batch, 3, S, S] (float16 with
      ``--fp16``), batch dynamic, S fixed (the manifest's ``input_size``);
    * the output(s) named in ``manifests/<model>.json``: ``last_hidden_state``
      [batch, T, D] for the ``cls`` and ``cls_mean`` recipes, or a pooled
      [batch, D] tensor (``image_embedding`` for CONCH, ``pooler_output`` for
      Hibou, ResNet50-trunc) for the ``pooled`` recipe.

    Parameter names follow timm's VisionTransformer (patch_embed.proj,
    cls_token, reg_token, pos_embed, blocks.N.norm1 / attn.qkv / attn.proj /
    ls1.gamma / norm2 / mlp.fc1 / mlp.fc2 / ls2.gamma, norm), so the
    checkpoints that the model cards load with ``timm.create_model`` load here
    unchanged. The SwiGLU models (UNI2-h, Virchow, Virchow2, GigaPath,
    H-optimus) use timm's *packed* layout: one ``mlp.fc1`` whose output is split
    in halves, SiLU on the first half times the second half, then ``mlp.fc2``
    (timm's SwiGLUPacked = GluMlp with gate_last=False). ``--mlp swiglu``
    selects timm's *split* layout (``mlp.fc1_g``, ``mlp.fc1_x``, ``mlp.fc2``)
    for custom checkpoints that use it. Checkpoints in the transformers layout
    (Phikon: ViTModel; Phikon-v2, Hibou, Midnight: Dinov2Model) are renamed to
    the timm layout before loading; CONCH v1 takes the full CoCa checkpoint and
    keeps the vision tower; OpenMidnight's DINOv2-hub keys (``w12``/``w3``,
    ``register_tokens``) are renamed too. Checkpoints may be .bin/.pth/.pt
    (torch pickles) or .safetensors (read without the safetensors package).

    A checkpoint's position table made for another grid is resampled the way
    the model's own loader does (each preset's ``pos_rule``, see
    tools/export_posembed.py and manifests/README.md).

    With ``--manifest-out`` the manifest gets a ``check`` block: the PyTorch
    embedding of a synthetic tile (tools/export_parity.py), which
    ``slideembed models verify`` compares with ONNX Runtime.

How to run it (from the repository root, with Debian's packages)
    apt-get install -y $(cat tools/requirements-debian.txt)
    /usr/bin/python3 tools/export_onnx.py --model uni \\
        --checkpoint pytorch_model.bin --out ~/.cache/slideembed/models/uni.onnx
    /usr/bin/python3 tools/export_onnx.py --model uni --random-weights --out /tmp/uni.onnx
    /usr/bin/python3 tools/export_onnx.py --list

    Models over 2 GB are written with ONNX external data: ``X.onnx`` holds the
    graph and ``X.onnx.data`` (one file, beside it) the tensors; keep the two
    together. ``--external-data`` forces this layout for smaller models too;
    it also starts faster, since ONNX Runtime maps the data file instead of
    copying the tensors out of the graph (a 343 MB ViT-B/16: 2.6 s of CPU to
    load instead of 4.0 s), and processes on one host share its pages: use it
    for array tasks (docs/CLUSTER.md).

Checking the export
    Every export runs the ONNX checker (by path for external data) and ONNX
    shape inference, checks the declared output shapes against the torch
    module, and writes the torch module's output for a fixed seeded batch
    beside the model: ``X.check-input.npy`` (float32 NCHW) and
    ``X.check-output.npy`` (float32, the first named output), so the numbers
    can be compared later by any runtime.

    ``--check-with "<command>"`` also runs the exported graph through another
    runtime (for example the SlideEmbed runner) and compares. The command is a
    template; these placeholders are substituted (shell-quoted):
        {model}   path of the .onnx file
        {input}   raw little-endian float32 (float16 with --fp16) NCHW batch
        {shape}   the input shape, comma-separated, e.g. 2,3,224,224
        {output}  where the command must write the named output as raw
                  little-endian float32, row-major
        {output_name}  the output tensor's name
    Values are inserted already quoted for the shell; do not quote them again.
    The comparison passes when max |a - b| <= --atol + --rtol * max |torch|
    (defaults 1e-4 and 1e-3; fp16 graphs use cosine similarity >= 0.999).

    ONNX Runtime for Python is not a Debian package, so no in-process ORT
    check is offered. ``onnx.reference.ReferenceEvaluator`` is used when the
    installed onnx has it (onnx >= 1.13; Debian 12 ships 1.12, which does not)
    and the model is small enough (``--reference-max-params``).

float16
    ``--fp16`` exports in float32 (PyTorch 1.13 cannot trace half precision on
    a CPU) and then converts the ONNX graph: every float32 initializer and
    constant becomes float16, Cast-to-float32 becomes Cast-to-float16, and the
    graph input and outputs become float16. LayerNormalization keeps its
    default float32 accumulation (stash_type=1). Values beyond the float16
    range are clamped and counted. fp16 graphs are meant for GPU execution
    providers; ONNX Runtime's CPU provider lacks float16 kernels for some
    operators.
"""

import argparse
import json
import math
import os
import shlex
import subprocess
import sys
import tempfile
import hashlib
import inspect
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import export_parity
import export_posembed
import safetensors_read

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# ---------------------------------------------------------------------------
# Building blocks. Attribute names are chosen so that state_dict keys equal
# timm's; the maths is written out here from the published architectures.
# ---------------------------------------------------------------------------


class PatchEmbed(nn.Module):
    """Non-overlapping patches by a strided convolution, flattened to tokens."""

    def __init__(self, patch, dim, in_chans=3):
        super().__init__()
        self.proj = nn.Conv2d(in_chans, dim, kernel_size=patch, stride=patch)

    def forward(self, x):
        x = self.proj(x)                     # [B, D, H/p, W/p]
        return x.flatten(2).transpose(1, 2)  # [B, N, D], row-major patch order


class SelfAttention(nn.Module):
    """Multi-head self-attention with one packed q/k/v projection (``qkv``)."""

    def __init__(self, dim, heads, qkv_bias=True):
        super().__init__()
        if dim % heads:
            raise ValueError(f"dim {dim} is not divisible by heads {heads}")
        self.heads = heads
        self.head_dim = dim // heads
        self.scale = self.head_dim ** -0.5
        self.qkv = nn.Linear(dim, dim * 3, bias=qkv_bias)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        # Scaling q before the product keeps float16 logits in range.
        weights = torch.matmul(q * self.scale, k.transpose(-2, -1)).softmax(dim=-1)
        out = torch.matmul(weights, v).transpose(1, 2).reshape(b, n, c)
        return self.proj(out)


class LayerScale(nn.Module):
    def __init__(self, dim, init=1e-5):
        super().__init__()
        self.gamma = nn.Parameter(torch.full((dim,), float(init)))

    def forward(self, x):
        return x * self.gamma


class GeluMlp(nn.Module):
    """fc1 -> exact (erf) GELU -> fc2."""

    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class PackedSwiGluMlp(nn.Module):
    """SwiGLU with one fc1 of width ``hidden``: silu(first half) * second half.

    This is the layout of timm's SwiGLUPacked and of DINOv2's fused SwiGLU
    (``w12``), with fc2 taking hidden / 2 features."""

    def __init__(self, dim, hidden):
        super().__init__()
        if hidden % 2:
            raise ValueError(f"packed SwiGLU needs an even hidden width, got {hidden}")
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden // 2, dim)

    def forward(self, x):
        gate, value = self.fc1(x).chunk(2, dim=-1)
        return self.fc2(F.silu(gate) * value)


class SplitSwiGluMlp(nn.Module):
    """SwiGLU with separate gate and value projections (timm's SwiGLU naming)."""

    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1_g = nn.Linear(dim, hidden)
        self.fc1_x = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.silu(self.fc1_g(x)) * self.fc1_x(x))


MLP_KINDS = {"gelu": GeluMlp, "swiglu_packed": PackedSwiGluMlp, "swiglu": SplitSwiGluMlp}


class Block(nn.Module):
    """Pre-norm transformer block, optional LayerScale on both branches."""

    def __init__(self, dim, heads, mlp_hidden, mlp_kind, layer_scale, eps, qkv_bias=True):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=eps)
        self.attn = SelfAttention(dim, heads, qkv_bias)
        self.ls1 = LayerScale(dim, layer_scale) if layer_scale is not None else nn.Identity()
        self.norm2 = nn.LayerNorm(dim, eps=eps)
        self.mlp = MLP_KINDS[mlp_kind](dim, mlp_hidden)
        self.ls2 = LayerScale(dim, layer_scale) if layer_scale is not None else nn.Identity()

    def forward(self, x):
        x = x + self.ls1(self.attn(self.norm1(x)))
        return x + self.ls2(self.mlp(self.norm2(x)))


class VisionTransformer(nn.Module):
    """ViT returning every token after the final norm: [B, 1 + R + N, D].

    Token order is [CLS, registers..., patches]. With ``pos_embed_prefix``
    true the position table also covers the prefix tokens (length 1 + R + N,
    added after concatenation: original ViT / DeiT / timm default); otherwise
    it covers the patches only and is added before the prefix tokens are
    prepended (timm's no_embed_class, used by the DINOv2-with-registers
    family)."""

    def __init__(self, img_size=224, patch=16, dim=768, depth=12, heads=12, mlp_hidden=None,
                 mlp_kind="gelu", layer_scale=None, reg_tokens=0, pos_embed_prefix=True,
                 eps=1e-6, qkv_bias=True):
        super().__init__()
        if img_size % patch:
            raise ValueError(f"input size {img_size} is not a multiple of the patch size {patch}")
        self.img_size = img_size
        self.patch = patch
        self.grid = img_size // patch
        self.num_patches = self.grid * self.grid
        self.reg_tokens = reg_tokens
        self.prefix_tokens = 1 + reg_tokens
        self.pos_embed_prefix = pos_embed_prefix
        self.dim = dim
        mlp_hidden = mlp_hidden or 4 * dim
        self.patch_embed = PatchEmbed(patch, dim)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.reg_token = nn.Parameter(torch.zeros(1, reg_tokens, dim)) if reg_tokens else None
        pos_len = self.num_patches + (self.prefix_tokens if pos_embed_prefix else 0)
        self.pos_embed = nn.Parameter(torch.zeros(1, pos_len, dim))
        self.blocks = nn.Sequential(*[
            Block(dim, heads, mlp_hidden, mlp_kind, layer_scale, eps, qkv_bias) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=eps)

    def forward(self, pixels):
        x = self.patch_embed(pixels)
        b = x.shape[0]
        prefix = [self.cls_token.expand(b, -1, -1)]
        if self.reg_token is not None:
            prefix.append(self.reg_token.expand(b, -1, -1))
        if self.pos_embed_prefix:
            x = torch.cat(prefix + [x], dim=1) + self.pos_embed
        else:
            x = torch.cat(prefix + [x + self.pos_embed], dim=1)
        return self.norm(self.blocks(x))


class CrossAttentionSeparateProjections(nn.Module):
    """Attention of a few learned queries over the tokens, with the parameter
    names of torch.nn.MultiheadAttention when key/value width differs from the
    query width (q_proj_weight, k_proj_weight, v_proj_weight, in_proj_bias,
    out_proj), which is how CONCH v1 stores its attentional pooler."""

    def __init__(self, dim, kv_dim, heads):
        super().__init__()
        self.heads = heads
        self.head_dim = dim // heads
        self.q_proj_weight = nn.Parameter(torch.zeros(dim, dim))
        self.k_proj_weight = nn.Parameter(torch.zeros(dim, kv_dim))
        self.v_proj_weight = nn.Parameter(torch.zeros(dim, kv_dim))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * dim))
        self.out_proj = nn.Linear(dim, dim)

    def forward(self, queries, tokens):
        # queries [Q, D] shared by the batch, tokens [B, N, Dk] -> [B, Q, D]
        b, n, _ = tokens.shape
        dq = self.q_proj_weight.shape[0]
        bq, bk, bv = self.in_proj_bias.chunk(3)
        q = F.linear(queries, self.q_proj_weight, bq)                  # [Q, D]
        k = F.linear(tokens, self.k_proj_weight, bk)                   # [B, N, D]
        v = F.linear(tokens, self.v_proj_weight, bv)
        q = q.reshape(1, -1, self.heads, self.head_dim).transpose(1, 2)  # [1, H, Q, hd]
        k = k.reshape(b, n, self.heads, self.head_dim).transpose(1, 2)   # [B, H, N, hd]
        v = v.reshape(b, n, self.heads, self.head_dim).transpose(1, 2)
        weights = torch.matmul(q * self.head_dim ** -0.5, k.transpose(-2, -1)).softmax(dim=-1)
        out = torch.matmul(weights, v).transpose(1, 2).reshape(b, -1, dq)
        return self.out_proj(out)


class MhaAttentionalPooler(nn.Module):
    """CONCH v1 pooler: LayerNorm'd learned queries attend over LayerNorm'd tokens."""

    def __init__(self, dim, context_dim, heads=8, queries=1, eps=1e-5):
        super().__init__()
        self.query = nn.Parameter(torch.zeros(queries, dim))
        self.attn = CrossAttentionSeparateProjections(dim, context_dim, heads)
        self.ln_q = nn.LayerNorm(dim, eps=eps)
        self.ln_k = nn.LayerNorm(context_dim, eps=eps)

    def forward(self, tokens):
        return self.attn(self.ln_q(self.query), self.ln_k(tokens))


class LinearAttentionalPooler(nn.Module):
    """CONCH v1.5 pooler: bias-free to_q / to_kv / to_out projections."""

    def __init__(self, dim, context_dim, heads=8, queries=1, eps=1e-5):
        super().__init__()
        self.heads = heads
        self.head_dim = dim // heads
        self.query = nn.Parameter(torch.zeros(queries, dim))
        self.ln_k = nn.LayerNorm(context_dim, eps=eps)
        self.ln_q = nn.LayerNorm(dim, eps=eps)
        self.to_q = nn.Linear(dim, dim, bias=False)
        self.to_kv = nn.Linear(context_dim, 2 * dim, bias=False)
        self.to_out = nn.Linear(dim, dim, bias=False)

    def forward(self, tokens):
        b, n, _ = tokens.shape
        q = self.to_q(self.ln_q(self.query))                     # [Q, D]
        k, v = self.to_kv(self.ln_k(tokens)).chunk(2, dim=-1)   # [B, N, D] each
        q = q.reshape(1, -1, self.heads, self.head_dim).transpose(1, 2)
        k = k.reshape(b, n, self.heads, self.head_dim).transpose(1, 2)
        v = v.reshape(b, n, self.heads, self.head_dim).transpose(1, 2)
        weights = torch.matmul(q * self.head_dim ** -0.5, k.transpose(-2, -1)).softmax(dim=-1)
        out = torch.matmul(weights, v).transpose(1, 2).reshape(b, -1, self.heads * self.head_dim)
        return self.to_out(out)


class PooledVisionEncoder(nn.Module):
    """ViT trunk + attentional pooler (1 query) + LayerNorm, CONCH style.

    Outputs the pooled [B, D] embedding; with ``with_projection`` it is then
    multiplied by ``proj_contrast`` (CONCH's contrastive projection). With
    ``also_tokens`` the trunk's tokens are returned first, the pooled
    embedding second."""

    def __init__(self, trunk, pooler_kind, dim, heads=8, with_projection=False, also_tokens=False):
        super().__init__()
        self.trunk = trunk
        self.also_tokens = also_tokens
        pooler = MhaAttentionalPooler if pooler_kind == "mha" else LinearAttentionalPooler
        self.attn_pool_contrast = pooler(dim, trunk.dim, heads=heads, queries=1)
        self.ln_contrast = nn.LayerNorm(dim)
        self.proj_contrast = nn.Parameter(torch.zeros(dim, dim)) if with_projection else None

    def forward(self, pixels):
        tokens = self.trunk(pixels)
        pooled = self.ln_contrast(self.attn_pool_contrast(tokens)[:, 0])
        if self.proj_contrast is not None:
            pooled = torch.matmul(pooled, self.proj_contrast)
        if self.also_tokens:
            return tokens, pooled
        return pooled


class ClsPooler(nn.Module):
    """Outputs the CLS token after the final norm ([B, D]); the trunk's norm
    is that final LayerNorm, so this equals transformers' pooler_output for
    Dinov2Model. Optionally also returns every token (second output)."""

    def __init__(self, trunk, also_tokens=False):
        super().__init__()
        self.trunk = trunk
        self.also_tokens = also_tokens

    def forward(self, pixels):
        tokens = self.trunk(pixels)
        if self.also_tokens:
            return tokens, tokens[:, 0]
        return tokens[:, 0]


class TruncatedResNet50(nn.Module):
    """torchvision ResNet-50 up to layer3, then global average pool: [B, 1024]."""

    def __init__(self):
        super().__init__()
        import torchvision
        full = torchvision.models.resnet50(weights=None)
        self.conv1, self.bn1, self.relu, self.maxpool = full.conv1, full.bn1, full.relu, full.maxpool
        self.layer1, self.layer2, self.layer3 = full.layer1, full.layer2, full.layer3

    def forward(self, pixels):
        x = self.maxpool(self.relu(self.bn1(self.conv1(pixels))))
        x = self.layer3(self.layer2(self.layer1(x)))
        return x.mean(dim=(2, 3))


# ---------------------------------------------------------------------------
# Presets: the published architectures. "format" says how a checkpoint's keys
# map onto the module: timm (as is), conch (full CoCa checkpoint, vision tower
# kept), conch15 (vision tower checkpoint), hf-vit / hf-dinov2 (transformers
# layouts renamed), torchvision (ResNet-50 keys, layer4/fc dropped).
# ---------------------------------------------------------------------------

def _vit(**kw):
    base = dict(kind="vit", img_size=224, patch=16, dim=768, depth=12, heads=12, mlp_hidden=None,
                mlp_kind="gelu", layer_scale=None, reg_tokens=0, pos_embed_prefix=True, eps=1e-6,
                head="tokens", output="last_hidden_state", format="timm", pos_rule="timm")
    base.update(kw)
    return base


PRESETS = OrderedDict([
    ("uni", _vit(patch=16, dim=1024, depth=24, heads=16, layer_scale=1e-5,
                 note="timm vit_large_patch16_224, init_values=1e-5 (MahmoodLab/UNI pytorch_model.bin)")),
    ("uni2-h", _vit(patch=14, dim=1536, depth=24, heads=24, mlp_hidden=int(1536 * 2.66667 * 2),
                    mlp_kind="swiglu_packed", layer_scale=1e-5, reg_tokens=8, pos_embed_prefix=False,
                    note="timm ViT: patch 14, D1536, 24 heads, SwiGLUPacked (mlp_ratio 2.66667*2), "
                         "8 registers, no_embed_class (MahmoodLab/UNI2-h pytorch_model.bin)")),
    ("virchow", _vit(patch=14, dim=1280, depth=32, heads=16, mlp_hidden=int(1280 * 5.3375),
                     mlp_kind="swiglu_packed", layer_scale=1e-5,
                     note="timm vit_huge_patch14_224, SwiGLUPacked, mlp_ratio 5.3375 (paige-ai/Virchow)")),
    ("virchow2", _vit(patch=14, dim=1280, depth=32, heads=16, mlp_hidden=int(1280 * 5.3375),
                      mlp_kind="swiglu_packed", layer_scale=1e-5, reg_tokens=4,
                      note="as virchow + reg_tokens=4; position table covers CLS+registers+patches "
                           "(no no_embed_class in its config) (paige-ai/Virchow2)")),
    ("gigapath-tile", _vit(patch=16, dim=1536, depth=40, heads=24, mlp_hidden=int(1536 * 5.33334),
                           mlp_kind="swiglu_packed", layer_scale=1e-5,
                           note="timm vit_giant_patch14_dinov2 with patch_size 16, img_size 224 "
                                "(prov-gigapath/prov-gigapath pytorch_model.bin)")),
    ("h-optimus-0", _vit(patch=14, dim=1536, depth=40, heads=24, mlp_hidden=int(1536 * 2.66667 * 2),
                         mlp_kind="swiglu_packed", layer_scale=1e-5, reg_tokens=4, pos_embed_prefix=False,
                         note="timm vit_giant_patch14_reg4_dinov2 at img_size 224 (bioptimus/H-optimus-0)")),
    ("h-optimus-1", _vit(patch=14, dim=1536, depth=40, heads=24, mlp_hidden=int(1536 * 2.66667 * 2),
                         mlp_kind="swiglu_packed", layer_scale=1e-5, reg_tokens=4, pos_embed_prefix=False,
                         note="as h-optimus-0 (bioptimus/H-optimus-1)")),
    ("h0-mini", _vit(patch=14, dim=768, depth=12, heads=12, mlp_hidden=int(768 * 2.66667 * 2),
                     mlp_kind="swiglu_packed", layer_scale=1e-5, reg_tokens=4, pos_embed_prefix=False,
                     note="timm vit_base_patch14_reg4_dinov2 with SwiGLUPacked and SiLU, as TRIDENT "
                          "creates it (bioptimus/H0-mini); the SwiGLU width is taken from the checkpoint")),
    ("kaiko-vit-l14", _vit(patch=14, dim=1024, depth=24, heads=16, layer_scale=1e-5, reg_tokens=4,
                           pos_embed_prefix=False,
                           note="timm vit_large_patch14_reg4_dinov2; a 518 px position table is "
                                "resampled to 16x16 (kaiko-ai)")),
] + [
    (f"kaiko-vit{size}{patch}", _vit(patch=patch, dim=dim, depth=12, heads=heads,
                                    note=f"timm vit_{arch}_patch{patch}_224 (1aurent/vit_{arch}_patch{patch}_224."
                                         "kaiko_ai_towards_large_pathology_fms model.safetensors)"))
    for size, arch, dim, heads in (("s", "small", 384, 6), ("b", "base", 768, 12)) for patch in (16, 8)
] + [
    ("lunit-vit-s8", _vit(patch=8, dim=384, depth=12, heads=6,
                          note="timm vit_small_patch8_224 (Lunit DINO ViT-S/8)")),
    ("gpfm", _vit(patch=14, dim=1024, depth=24, heads=16, layer_scale=1e-5, pos_rule="exact",
                  note="timm vit_large_patch14_dinov2 at img_size 224, init_values 1e-5, loaded strictly "
                       "(majiabo/GPFM GPFM.pth)")),
    ("phikon", _vit(patch=16, dim=768, depth=12, heads=12, eps=1e-12, format="hf-vit", pos_rule="hf",
                    note="transformers ViTModel (owkin/phikon), renamed to timm keys")),
    ("phikon-v2", _vit(patch=16, dim=1024, depth=24, heads=16, layer_scale=1e-5, format="hf-dinov2",
                       pos_rule="hf",
                       note="transformers Dinov2Model ViT-L/16 (owkin/phikon-v2), renamed to timm keys")),
    ("hibou-b", _vit(patch=14, dim=768, depth=12, heads=12, mlp_hidden=2 * 2048, mlp_kind="swiglu_packed",
                     layer_scale=1e-5, reg_tokens=4, pos_embed_prefix=False, format="hf-dinov2",
                     pos_rule="hf", head="cls_pooled", output="pooler_output",
                     note="DINOv2 ViT-B/14 + 4 registers + SwiGLU, transformers Dinov2 layout with "
                          "embeddings.register_tokens (histai/hibou-b model.safetensors)")),
    ("hibou-l", _vit(patch=14, dim=1024, depth=24, heads=16, mlp_hidden=2 * 2736, mlp_kind="swiglu_packed",
                     layer_scale=1e-5, reg_tokens=4, pos_embed_prefix=False, format="hf-dinov2",
                     pos_rule="hf", head="cls_pooled", output="pooler_output",
                     note="DINOv2 ViT-L/14 + 4 registers + SwiGLU (histai/hibou-L), layout as hibou-b; "
                          "the SwiGLU width is taken from the checkpoint when it differs")),
    ("midnight-12k", _vit(patch=14, dim=1536, depth=40, heads=24, mlp_hidden=2 * 4096,
                          mlp_kind="swiglu_packed", layer_scale=1e-5, format="hf-dinov2", pos_rule="hf",
                          note="transformers Dinov2Model ViT-g/14 (kaiko-ai/midnight)")),
    ("openmidnight", _vit(patch=14, dim=1536, depth=40, heads=24, mlp_hidden=2 * 4096,
                          mlp_kind="swiglu_packed", layer_scale=1e-5, reg_tokens=4, pos_embed_prefix=False,
                          format="dinov2-hub", pos_rule="dinov2-reg",
                          note="DINOv2 hub dinov2_vitg14_reg (SwiGLUFFNFused w12/w3, 4 registers) "
                               "(SophontAI/OpenMidnight teacher_checkpoint_load.pt)")),
    ("conch-v1", _vit(img_size=448, patch=16, dim=768, depth=12, heads=12, head="conch-mha",
                      pooled_dim=512, output="image_embedding", format="conch",
                      note="CONCH ViT-B/16 trunk at 448 + attentional pooler (1 query, 8 heads, 512) "
                           "+ LayerNorm; contrastive projection only with --conch-projection "
                           "(MahmoodLab/CONCH pytorch_model.bin, the full CoCa checkpoint)")),
    ("conch-v1-5", _vit(img_size=448, patch=16, dim=1024, depth=24, heads=16, layer_scale=1.0,
                        head="conch-linear", pooled_dim=768, output="image_embedding", format="conch15",
                        pos_rule="conch15",
                        note="ViT-L/16 trunk (LayerScale) + attentional pooler (to_q/to_kv/to_out, 768) "
                             "+ LayerNorm (MahmoodLab/conchv1_5 pytorch_model_vision.bin)")),
    ("resnet50-trunc", dict(kind="resnet50-trunc", img_size=224, output="pooler_output", format="torchvision",
                            note="torchvision resnet50 ImageNet weights, layers up to layer3 + mean pool "
                                 "(CLAM's baseline); --checkpoint is a torchvision resnet50 state_dict")),
])

UNSUPPORTED = {
    "ctranspath": "CTransPath is a Swin-T with a convolutional stem (timm 0.5.4's SwinTransformer with "
                  "relative position bias tables and shifted-window masks); this script builds ViTs and "
                  "ResNet-50 only. TRIDENT loads CHIEF's weights (CHIEF_CTransPath.pth, dataset "
                  "MahmoodLab/hest-bench, fm_v1/ctranspath) into that Swin; export it with that code to an "
                  "ONNX graph with input pixel_values [batch,3,224,224] and output pooler_output [batch,768] "
                  "(head removed), or use another 10x encoder.",
    "musk": "MUSK is a BEiT-3 multiway transformer (torchscale, relative positions, per-modality experts); "
            "this script does not build it. Export its vision path with MUSK's own code "
            "(model(image=x, with_head=False, out_norm=False, ms_aug=False, return_global=True)[0]) to an "
            "ONNX graph with input pixel_values [batch,3,384,384] and output image_embedding [batch,1024].",
}


def build_model(cfg):
    """Builds the module for a preset dict (after command-line overrides)."""
    if cfg["kind"] == "resnet50-trunc":
        return TruncatedResNet50()
    trunk = VisionTransformer(
        img_size=cfg["img_size"], patch=cfg["patch"], dim=cfg["dim"], depth=cfg["depth"],
        heads=cfg["heads"], mlp_hidden=cfg["mlp_hidden"], mlp_kind=cfg["mlp_kind"],
        layer_scale=cfg["layer_scale"], reg_tokens=cfg["reg_tokens"],
        pos_embed_prefix=cfg["pos_embed_prefix"], eps=cfg["eps"])
    head = cfg["head"]
    if head == "tokens":
        return trunk
    if head == "cls_pooled":
        return ClsPooler(trunk, also_tokens=cfg.get("also_tokens", False))
    if head in ("conch-mha", "conch-linear"):
        return PooledVisionEncoder(trunk, "mha" if head == "conch-mha" else "linear", cfg["pooled_dim"],
                                   heads=cfg.get("pooler_heads", 8),
                                   with_projection=cfg.get("projection", False),
                                   also_tokens=cfg.get("also_tokens", False))
    raise ValueError(f"unknown head {head}")


def output_names(cfg):
    if cfg.get("also_tokens"):
        return ["last_hidden_state", cfg["output"]]
    return [cfg["output"]]


# ---------------------------------------------------------------------------
# Checkpoints
# ---------------------------------------------------------------------------

def load_checkpoint_file(path):
    """A state dict from .safetensors (read here, no package needed) or a torch pickle
    (.bin/.pth/.pt); a dict nested under state_dict / model / teacher is unwrapped and a
    ``module.`` prefix (DataParallel) dropped."""
    if not os.path.isfile(path):
        sys.exit(f"{path}: no such checkpoint file")
    if path.endswith(".safetensors"):
        try:
            sd = safetensors_read.read(path)
        except (safetensors_read.SafetensorsError, KeyError, ValueError) as e:
            sys.exit(f"{path}: cannot read it as safetensors ({e}); download the file again")
    else:
        try:
            sd = torch.load(path, map_location="cpu", weights_only=True)
        except TypeError:  # older torch without weights_only
            sd = torch.load(path, map_location="cpu")
    for key in ("state_dict", "model", "teacher"):
        if isinstance(sd, dict) and key in sd and isinstance(sd[key], dict):
            sd = sd[key]
    if not isinstance(sd, dict):
        sys.exit(f"{path}: not a state_dict (got {type(sd).__name__})")
    out = OrderedDict()
    for k, v in sd.items():
        out[k[len("module."):] if k.startswith("module.") else k] = v
    return out


def _concat_qkv(sd, prefix):
    w = torch.cat([sd.pop(f"{prefix}.{n}.weight") for n in ("query", "key", "value")], dim=0)
    b = torch.cat([sd.pop(f"{prefix}.{n}.bias") for n in ("query", "key", "value")], dim=0)
    return w, b


def convert_hf(sd, dinov2):
    """transformers ViTModel / Dinov2Model keys -> timm keys."""
    sd = OrderedDict((k[len("vit."):] if k.startswith("vit.") else k, v) for k, v in sd.items())
    out = OrderedDict()
    for k in [k for k in sd if k.startswith("pooler.") or k == "embeddings.mask_token"]:
        sd.pop(k)
    out["cls_token"] = sd.pop("embeddings.cls_token")
    pos = sd.pop("embeddings.position_embeddings")
    if "embeddings.register_tokens" in sd:
        # transformers adds positions to CLS + patches and inserts registers
        # without position; fold CLS's position into the CLS token and keep a
        # patch-only table (timm's no_embed_class convention).
        out["reg_token"] = sd.pop("embeddings.register_tokens")
        out["cls_token"] = out["cls_token"] + pos[:, :1]
        pos = pos[:, 1:]
    out["pos_embed"] = pos
    out["patch_embed.proj.weight"] = sd.pop("embeddings.patch_embeddings.projection.weight")
    out["patch_embed.proj.bias"] = sd.pop("embeddings.patch_embeddings.projection.bias")
    i = 0
    while f"encoder.layer.{i}.attention.attention.query.weight" in sd:
        src, dst = f"encoder.layer.{i}", f"blocks.{i}"
        w, b = _concat_qkv(sd, f"{src}.attention.attention")
        out[f"{dst}.attn.qkv.weight"], out[f"{dst}.attn.qkv.bias"] = w, b
        pairs = [("attention.output.dense", "attn.proj")]
        if dinov2:
            pairs += [("norm1", "norm1"), ("norm2", "norm2")]
            if f"{src}.mlp.weights_in.weight" in sd:
                pairs += [("mlp.weights_in", "mlp.fc1"), ("mlp.weights_out", "mlp.fc2")]
            else:
                pairs += [("mlp.fc1", "mlp.fc1"), ("mlp.fc2", "mlp.fc2")]
        else:
            pairs += [("layernorm_before", "norm1"), ("layernorm_after", "norm2"),
                      ("intermediate.dense", "mlp.fc1"), ("output.dense", "mlp.fc2")]
        for a, c in pairs:
            for p in ("weight", "bias"):
                if f"{src}.{a}.{p}" in sd:
                    out[f"{dst}.{c}.{p}"] = sd.pop(f"{src}.{a}.{p}")
        for n in (1, 2):
            key = f"{src}.layer_scale{n}.lambda1"
            if key in sd:
                out[f"{dst}.ls{n}.gamma"] = sd.pop(key)
        i += 1
    for p in ("weight", "bias"):
        out[f"norm.{p}"] = sd.pop(f"layernorm.{p}")
    out.update(sd)  # anything left over makes the strict load fail loudly
    return out


def convert_dinov2_hub(sd):
    """facebookresearch/dinov2 hub keys -> timm keys. The hub model adds positions to
    CLS + patches and inserts its registers after that (no position), so CLS's
    position is folded into the CLS token and the table keeps the patch rows."""
    out = OrderedDict()
    sd = OrderedDict(sd)
    sd.pop("mask_token", None)
    pos = sd.pop("pos_embed")
    out["cls_token"] = sd.pop("cls_token") + pos[:, :1]
    out["pos_embed"] = pos[:, 1:]
    if "register_tokens" in sd:
        out["reg_token"] = sd.pop("register_tokens")
    for k, v in sd.items():
        k = k.replace(".mlp.w12.", ".mlp.fc1.").replace(".mlp.w3.", ".mlp.fc2.")
        out[k] = v
    return out


def _with_prefix(sd, prefix):
    return OrderedDict((prefix + k, v) for k, v in sd.items())


def convert_checkpoint(cfg, sd, conch_projection):
    fmt = cfg["format"]
    # The module wraps the ViT in a head for pooled outputs; its keys start with trunk.
    trunk_prefix = "trunk." if cfg.get("head") == "cls_pooled" else ""
    if fmt == "timm":
        return _with_prefix(sd, trunk_prefix) if trunk_prefix else sd
    if fmt == "dinov2-hub":
        return _with_prefix(convert_dinov2_hub(sd), trunk_prefix)
    if fmt == "conch":
        keep = OrderedDict()
        for k, v in sd.items():
            if not k.startswith("visual."):
                continue  # text tower, text decoder, logit_scale
            k = k[len("visual."):]
            if k.startswith("attn_pool_caption.") or k.startswith("ln_caption."):
                continue  # captioning branch, not part of the image embedding
            if k == "proj_contrast" and not conch_projection:
                continue
            keep[k] = v
        return keep
    if fmt == "conch15":
        return OrderedDict((k[len("visual."):] if k.startswith("visual.") else k, v) for k, v in sd.items())
    if fmt in ("hf-vit", "hf-dinov2"):
        return _with_prefix(convert_hf(sd, dinov2=(fmt == "hf-dinov2")), trunk_prefix)
    if fmt == "torchvision":
        return OrderedDict((k, v) for k, v in sd.items()
                           if not (k.startswith("layer4.") or k.startswith("fc.")))
    raise ValueError(fmt)


def resample_pos_embed(sd, key, model_pos, prefix, rule):
    """Brings the checkpoint's position table to the model's grid by the preset's
    rule (tools/export_posembed.py); prefix rows (CLS/register positions) are kept."""
    src = sd[key]
    if src.shape[-1] != model_pos.shape[-1] or src.shape[1] < prefix:
        sys.exit(f"{key}: the checkpoint's table {tuple(src.shape)} does not fit the model's {tuple(model_pos.shape)}")
    new = math.isqrt(model_pos.shape[1] - prefix)
    try:
        out = export_posembed.resample(rule, src, new, prefix, key)
    except export_posembed.PositionTableError as e:
        sys.exit(str(e))
    if out is not src:
        old = math.isqrt(src.shape[1] - prefix)
        print(f"note: position table {key} {old}x{old} -> {new}x{new} by the {rule} rule", file=sys.stderr)
    sd[key] = out


def adapt_to_checkpoint(cfg, sd):
    """Adjusts free dimensions that a checkpoint pins down (SwiGLU width, depth checks)."""
    prefix = "trunk." if cfg.get("head", "") != "tokens" else ""
    fc1 = sd.get(f"{prefix}blocks.0.mlp.fc1.weight")
    if fc1 is not None and cfg.get("mlp_hidden") and fc1.shape[0] != cfg["mlp_hidden"]:
        print(f"note: MLP width {cfg['mlp_hidden']} -> {fc1.shape[0]} (from the checkpoint)", file=sys.stderr)
        cfg["mlp_hidden"] = int(fc1.shape[0])


def load_weights(model, cfg, sd):
    if cfg["kind"] == "vit":
        trunk = model if isinstance(model, VisionTransformer) else model.trunk
        key = ("trunk." if not isinstance(model, VisionTransformer) else "") + "pos_embed"
        if key in sd:
            resample_pos_embed(sd, key, trunk.pos_embed,
                               trunk.prefix_tokens if trunk.pos_embed_prefix else 0, cfg.get("pos_rule", "timm"))
    own = model.state_dict()
    missing = [k for k in own if k not in sd]
    unexpected = [k for k in sd if k not in own]
    if missing or unexpected:
        sys.exit("checkpoint does not match the architecture (strict load):\n"
                 f"  missing ({len(missing)}): {missing[:12]}\n"
                 f"  unexpected ({len(unexpected)}): {unexpected[:12]}")
    model.load_state_dict(sd, strict=True)


def init_random(model, seed):
    """Deterministic random weights from numpy's legacy generator, which is
    stable across numpy and torch versions. Matrices get std 1/sqrt(fan_in),
    norms weight ~1 and bias ~0, LayerScale ~0.5, tokens and positions 0.02."""
    rng = np.random.RandomState(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            shape = tuple(p.shape)
            leaf = name.rsplit(".", 1)[-1]
            if leaf == "gamma":
                v = 0.5 + 0.1 * rng.standard_normal(shape)
            elif ("norm" in name or ".ln_" in name or name.startswith("ln_") or "bn" in name
                  or ".downsample.1." in name) and p.dim() == 1:
                v = (1.0 if leaf == "weight" else 0.0) + 0.1 * rng.standard_normal(shape)
            elif leaf in ("bias", "in_proj_bias"):
                v = 0.02 * rng.standard_normal(shape)
            elif leaf in ("cls_token", "reg_token", "pos_embed", "query"):
                v = (0.02 if leaf != "query" else 1.0) * rng.standard_normal(shape)
            else:
                fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else shape[0]
                v = rng.standard_normal(shape) / math.sqrt(fan_in)
            p.copy_(torch.from_numpy(v.astype(np.float32)))
        for name, b in model.named_buffers():
            if name.endswith("running_var"):
                b.copy_(torch.from_numpy((1.0 + 0.1 * rng.random_sample(tuple(b.shape))).astype(np.float32)))
            elif name.endswith("running_mean"):
                b.copy_(torch.from_numpy((0.1 * rng.standard_normal(tuple(b.shape))).astype(np.float32)))


# ---------------------------------------------------------------------------
# ONNX writing
# ---------------------------------------------------------------------------

def _float16_tensor(tensor, stats):
    from onnx import numpy_helper, TensorProto
    if tensor.data_type != TensorProto.FLOAT:
        return tensor
    arr = numpy_helper.to_array(tensor)
    big = np.abs(arr) > 65504.0
    stats["clamped"] += int(big.sum())
    half = np.clip(arr, -65504.0, 65504.0).astype(np.float16)
    tiny = (arr != 0) & (half == 0)
    stats["flushed"] += int(tiny.sum())
    out = numpy_helper.from_array(half, tensor.name)
    return out


def convert_to_float16(model_proto):
    """float32 -> float16 for initializers, constants, casts and graph I/O."""
    from onnx import TensorProto, helper
    stats = {"clamped": 0, "flushed": 0, "initializers": 0}
    g = model_proto.graph
    new_inits = []
    for t in g.initializer:
        if t.data_type == TensorProto.FLOAT:
            stats["initializers"] += 1
            new_inits.append(_float16_tensor(t, stats))
        else:
            new_inits.append(t)
    del g.initializer[:]
    g.initializer.extend(new_inits)
    for node in g.node:
        for attr in node.attribute:
            if attr.type == onnx_attr_type("TENSOR") and attr.t.data_type == TensorProto.FLOAT:
                attr.t.CopyFrom(_float16_tensor(attr.t, stats))
            if node.op_type == "Cast" and attr.name == "to" and attr.i == TensorProto.FLOAT:
                attr.i = TensorProto.FLOAT16
    for vi in list(g.input) + list(g.output):
        if vi.type.tensor_type.elem_type == TensorProto.FLOAT:
            vi.type.tensor_type.elem_type = TensorProto.FLOAT16
    del g.value_info[:]
    return stats


def onnx_attr_type(name):
    from onnx import AttributeProto
    return getattr(AttributeProto, name)


def export(model, cfg, out_path, opset=17, fp16=False, external_data=None, quiet=False):
    """Traces ``model`` to ``out_path``; returns (external_data_used, stats)."""
    import onnx
    model.eval()
    size = cfg["img_size"]
    dummy = torch.zeros(2, 3, size, size)
    names = output_names(cfg)
    dynamic = {"pixel_values": {0: "batch"}}
    for n in names:
        dynamic[n] = {0: "batch"}
    out_dir = os.path.dirname(os.path.abspath(out_path))
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".export-") as tmp:
        tmp_path = os.path.join(tmp, "model.onnx")
        with torch.no_grad():
            # The TorchScript exporter everywhere: torch 2.9+ defaults to the dynamo exporter, which older
            # releases (Debian's 1.13) do not have.
            legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
            torch.onnx.export(model, (dummy,), tmp_path, input_names=["pixel_values"], output_names=names,
                              dynamic_axes=dynamic, opset_version=opset, do_constant_folding=True,
                              export_params=True, **legacy)
        proto = onnx.load(tmp_path, load_external_data=True)
    # The tracer leaves the token count symbolic; everything but the batch is
    # fixed by the input size, so declare the exact output shapes.
    with torch.no_grad():
        outs = model(dummy)
    outs = outs if isinstance(outs, tuple) else (outs,)
    for vi, t in zip(proto.graph.output, outs):
        dims = vi.type.tensor_type.shape.dim
        del dims[:]
        first = dims.add()
        first.dim_param = "batch"
        for n in t.shape[1:]:
            dims.add().dim_value = int(n)
    proto.producer_name = "slideembed-export"
    proto.doc_string = f"SlideEmbed export of {cfg.get('name', 'model')}"
    stats = {}
    if fp16:
        stats = convert_to_float16(proto)
        if not quiet:
            print(f"float16: {stats['initializers']} initializers converted, {stats['clamped']} values "
                  f"clamped to +-65504, {stats['flushed']} underflowed to 0", file=sys.stderr)
    nbytes = sum(len(t.raw_data) + 4 * len(t.float_data) for t in proto.graph.initializer)
    use_external = external_data if external_data is not None else nbytes > 1_900_000_000
    data_name = os.path.basename(out_path) + ".data"
    data_path = os.path.join(out_dir, data_name)
    if os.path.exists(data_path):
        os.remove(data_path)  # the onnx writer appends to an existing data file
    if use_external:
        onnx.save_model(proto, out_path, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=data_name, size_threshold=1024)
    else:
        onnx.save_model(proto, out_path)
    return use_external, stats


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check_export(model, cfg, out_path, fp16, check_with, atol, rtol, reference_max_params, seed=1234):
    """Checker + shape inference + declared shapes; writes the torch reference
    batch and output; optionally compares with another runtime."""
    import onnx
    onnx.checker.check_model(out_path, full_check=True)
    proto = onnx.load(out_path, load_external_data=False)
    names = output_names(cfg)
    size = cfg["img_size"]
    gen = torch.Generator().manual_seed(seed)
    batch = torch.randn(2, 3, size, size, generator=gen)
    with torch.no_grad():
        outs = model.eval()(batch)
    if not isinstance(outs, tuple):
        outs = (outs,)
    declared = {o.name: o for o in proto.graph.output}
    for name, t in zip(names, outs):
        dims = declared[name].type.tensor_type.shape.dim
        shape = [d.dim_param or d.dim_value for d in dims]
        if len(shape) != t.dim() or shape[0] != "batch" or \
                any(int(a) != b for a, b in zip(shape[1:], t.shape[1:])):
            sys.exit(f"check failed: ONNX output {name} declares {shape}, torch gives {tuple(t.shape)}")
        print(f"check: output {name} {shape} matches torch {tuple(t.shape)}", file=sys.stderr)
    in_dims = [d.dim_param or d.dim_value for d in proto.graph.input[0].type.tensor_type.shape.dim]
    print(f"check: input {proto.graph.input[0].name} {in_dims}", file=sys.stderr)
    stem = out_path[:-5] if out_path.endswith(".onnx") else out_path
    np.save(stem + ".check-input.npy", batch.numpy())
    ref = outs[-1].numpy().astype(np.float32)
    np.save(stem + ".check-output.npy", ref)
    print(f"check: wrote {stem}.check-input.npy and {stem}.check-output.npy "
          f"(seed {seed}, output {names[-1]})", file=sys.stderr)

    results = []
    try:
        from onnx.reference import ReferenceEvaluator  # onnx >= 1.13
    except ImportError:
        ReferenceEvaluator = None
    params = sum(p.numel() for p in model.parameters())
    if ReferenceEvaluator is not None and params <= reference_max_params:
        feed = batch.numpy().astype(np.float16 if fp16 else np.float32)
        got = ReferenceEvaluator(out_path).run([names[-1]], {"pixel_values": feed})[0]
        results.append(("onnx.reference", got.astype(np.float32)))
    elif ReferenceEvaluator is None:
        print(f"check: onnx {onnx.__version__} has no onnx.reference; no in-process numeric check",
              file=sys.stderr)
    if check_with:
        with tempfile.TemporaryDirectory() as tmp:
            in_raw, out_raw = os.path.join(tmp, "input.raw"), os.path.join(tmp, "output.raw")
            batch.numpy().astype("<f2" if fp16 else "<f4").tofile(in_raw)
            cmd = check_with.format(model=shlex.quote(out_path), input=shlex.quote(in_raw),
                                    shape=",".join(str(d) for d in batch.shape),
                                    output=shlex.quote(out_raw), output_name=shlex.quote(names[-1]))
            print(f"check: running {cmd}", file=sys.stderr)
            subprocess.run(cmd, shell=True, check=True)
            got = np.fromfile(out_raw, dtype="<f4")
            if got.size != ref.size:
                sys.exit(f"check failed: the command wrote {got.size} floats, expected {ref.size}")
            results.append(("--check-with", got.reshape(ref.shape)))
    ok = True
    for label, got in results:
        diff = float(np.max(np.abs(got - ref)))
        scale = float(np.max(np.abs(ref)))
        a, b = got.reshape(got.shape[0], -1).astype(np.float64), ref.reshape(ref.shape[0], -1).astype(np.float64)
        cos = float(np.min(np.sum(a * b, 1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1) + 1e-30)))
        passed = cos >= 0.999 if fp16 else diff <= atol + rtol * scale
        ok &= passed
        print(f"check: {label}: max|diff| {diff:.3g} (max|torch| {scale:.3g}), min cosine {cos:.6f} -> "
              f"{'ok' if passed else 'FAILED'}", file=sys.stderr)
    if not ok:
        sys.exit(1)


def config_for(args):
    if args.model in UNSUPPORTED:
        sys.exit(UNSUPPORTED[args.model])
    if args.model == "custom":
        cfg = _vit(note="custom ViT from command-line options")
    else:
        cfg = dict(PRESETS[args.model])
    cfg["name"] = args.model
    overrides = {"img_size": args.input_size, "patch": args.patch, "dim": args.dim, "depth": args.depth,
                 "heads": args.heads, "mlp_hidden": args.mlp_hidden, "mlp_kind": args.mlp,
                 "reg_tokens": args.reg_tokens, "layer_scale": args.layer_scale, "eps": args.eps,
                 "format": args.format, "output": args.output_name, "head": args.head,
                 "pos_rule": args.pos_rule}
    for k, v in overrides.items():
        if v is not None:
            cfg[k] = v
    if args.pos_embed == "patches":
        cfg["pos_embed_prefix"] = False
    elif args.pos_embed == "all":
        cfg["pos_embed_prefix"] = True
    if args.conch_projection:
        cfg["projection"] = True
    return cfg


def main(argv=None):
    p = argparse.ArgumentParser(
        description="Export a tile encoder to ONNX (input pixel_values [batch,3,S,S]).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Numeric checks available here: onnx.checker + shape inference + declared shapes "
               "always; onnx.reference.ReferenceEvaluator only with onnx >= 1.13 (not Debian 12's "
               "1.12); any runtime through --check-with. onnxruntime for Python is not used.")
    p.add_argument("--model", help="preset name (see --list) or 'custom'")
    p.add_argument("--list", action="store_true", help="list presets and exit")
    p.add_argument("--checkpoint", help="state_dict file (.bin/.pth/.pt/.safetensors) in the preset's layout")
    p.add_argument("--random-weights", action="store_true", help="seeded random weights, no checkpoint")
    p.add_argument("--seed", type=int, default=0, help="seed for --random-weights")
    p.add_argument("--out", help="output .onnx path")
    p.add_argument("--opset", type=int, default=17, help="ONNX opset, 13-17 (default 17)")
    p.add_argument("--fp16", action="store_true", help="float16 graph (input and outputs float16)")
    p.add_argument("--external-data", action="store_true",
                   help="tensors in OUT.data beside OUT (automatic above ~1.9 GB)")
    p.add_argument("--check", action="store_true", default=True,
                   help="check the export (the default): ONNX checker, shapes, reference batch, "
                        "then onnx.reference and --check-with when available")
    p.add_argument("--no-check", dest="check", action="store_false", help="skip all checks")
    p.add_argument("--check-with", help="command template running the graph elsewhere (see the docstring)")
    p.add_argument("--atol", type=float, default=1e-4)
    p.add_argument("--rtol", type=float, default=1e-3)
    p.add_argument("--reference-max-params", type=int, default=30_000_000,
                   help="largest model run through onnx.reference (slow)")
    p.add_argument("--conch-projection", action="store_true",
                   help="CONCH: apply proj_contrast (512x512) to the pooled embedding")
    p.add_argument("--manifest-out", help="write a manifest for this file (from manifests/<model>.json, "
                                          "with file, sha256, precision and external_data filled in)")
    g = p.add_argument_group("architecture overrides (mainly for tests and custom models)")
    g.add_argument("--input-size", type=int, help="input edge S; position tables are resampled")
    g.add_argument("--patch", type=int)
    g.add_argument("--dim", type=int)
    g.add_argument("--depth", type=int, help="number of blocks (e.g. 2 for a quick test of a giant)")
    g.add_argument("--heads", type=int)
    g.add_argument("--mlp-hidden", type=int, help="fc1 output width (packed SwiGLU: both halves)")
    g.add_argument("--mlp", choices=sorted(MLP_KINDS), help="MLP layout")
    g.add_argument("--reg-tokens", type=int)
    g.add_argument("--layer-scale", type=float, help="LayerScale init (enables ls1/ls2)")
    g.add_argument("--pos-embed", choices=["all", "patches"],
                   help="position table covers all tokens (timm default) or patches only (no_embed_class)")
    g.add_argument("--eps", type=float, help="LayerNorm epsilon in the trunk")
    g.add_argument("--format", choices=["timm", "conch", "conch15", "hf-vit", "hf-dinov2", "dinov2-hub",
                                             "torchvision"])
    g.add_argument("--pos-rule", choices=list(export_posembed.RULES),
                   help="how a position table of another grid is resampled (tools/export_posembed.py)")
    g.add_argument("--head", choices=["tokens", "cls_pooled", "conch-mha", "conch-linear"])
    g.add_argument("--output-name", help="name of the output tensor")
    args = p.parse_args(argv)

    if args.list:
        for name, cfg in PRESETS.items():
            print(f"{name:16s} out={cfg['output']:18s} {cfg['note']}")
        for name, why in UNSUPPORTED.items():
            print(f"{name:16s} (not built here) {why.split(';')[0]}")
        return 0
    if not args.model or not args.out:
        p.error("--model and --out are required")
    if args.random_weights == bool(args.checkpoint):
        p.error("give exactly one of --checkpoint and --random-weights")
    if not 13 <= args.opset <= 17:
        p.error("--opset must be 13-17 (PyTorch 1.13 exports up to 17)")
    cfg = config_for(args)
    out_path = os.path.abspath(os.path.expanduser(args.out))

    sd = None
    if args.checkpoint:
        sd = convert_checkpoint(cfg, load_checkpoint_file(os.path.expanduser(args.checkpoint)),
                                args.conch_projection)
        adapt_to_checkpoint(cfg, sd)
    torch.manual_seed(args.seed)
    model = build_model(cfg)
    if sd is not None:
        load_weights(model, cfg, sd)
    else:
        init_random(model, args.seed)
    model.eval()
    params = sum(p.numel() for p in model.parameters())
    print(f"{args.model}: {params / 1e6:.1f}M parameters, input [batch,3,{cfg['img_size']},{cfg['img_size']}], "
          f"outputs {output_names(cfg)}", file=sys.stderr)

    external, _ = export(model, cfg, out_path, opset=args.opset, fp16=args.fp16,
                         external_data=True if args.external_data else None)
    if args.check:
        check_export(model, cfg, out_path, args.fp16, args.check_with, args.atol, args.rtol,
                     args.reference_max_params)
    digest = sha256_file(out_path)
    print(f"wrote {out_path} ({os.path.getsize(out_path)} bytes)"
          + (f" + {out_path}.data ({os.path.getsize(out_path + '.data')} bytes)" if external else ""))
    print(f"sha256 {digest}")
    if args.manifest_out:
        src = os.path.join(REPO_ROOT, "manifests", f"{args.model}.json")
        if not os.path.exists(src):
            sys.exit(f"no manifest {src} to start from")
        with open(src) as f:
            manifest = json.load(f)
        manifest["onnx"].update(file=os.path.basename(out_path), sha256=digest, external_data=external)
        manifest["precision"] = "fp16" if args.fp16 else "fp32"
        manifest["trained"] = not args.random_weights
        if args.random_weights:
            manifest["display_name"] += " (DEMO - random weights, not trained)"
        if cfg["img_size"] != manifest["input_size"]:
            manifest["input_size"] = cfg["img_size"]
            if manifest["preprocess"].get("crop"):
                manifest["preprocess"]["crop"] = cfg["img_size"]
            if manifest["preprocess"].get("resize"):
                manifest["preprocess"]["resize"]["size"] = cfg["img_size"]
        block, length = export_parity.check_block(model, manifest, args.fp16)
        if length != manifest["output"]["dim"]:
            if args.dim is None and args.mlp_hidden is None:
                sys.exit(f"the exported model gives {length} values, manifests/{args.model}.json says "
                         f"{manifest['output']['dim']}")
            manifest["output"]["dim"] = length  # a deliberately shrunk test architecture
        manifest["check"] = block
        with open(os.path.expanduser(args.manifest_out), "w") as f:
            json.dump(manifest, f, indent=2)
            f.write("\n")
        print(f"wrote {args.manifest_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
