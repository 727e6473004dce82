"""Published checkpoint layouts, written from each model's own code, for the
export conformance run (tools/conformance_export.py).

Each function returns the state dict a model's released file holds, with
random values, in the key names and shapes of the code that wrote it:

* timm VisionTransformer (timm/models/vision_transformer.py): ``cls_token``,
  ``reg_token``, ``pos_embed``, ``patch_embed.proj``, ``blocks.N.{norm1,
  attn.qkv, attn.proj, ls1.gamma, norm2, mlp.fc1, mlp.fc2, ls2.gamma}``,
  ``norm``;
* transformers ViTModel (models/vit/modeling_vit.py) and Dinov2Model
  (models/dinov2/modeling_dinov2.py): ``embeddings.*``,
  ``encoder.layer.N.*`` with separate query/key/value, ``layernorm``, ViT's
  ``pooler.dense``, Dinov2's ``mask_token``, ``layer_scaleN.lambda1`` and the
  SwiGLU ``mlp.weights_in`` / ``mlp.weights_out``; Hibou's remote code adds
  ``embeddings.register_tokens``;
* DINOv2's hub models (dinov2/models/vision_transformer.py, layers/
  swiglu_ffn.py): ``register_tokens``, ``mask_token``, ``mlp.w12`` / ``mlp.w3``;
* CONCH v1's CoCa checkpoint (``visual.trunk.*``, ``visual.attn_pool_contrast``
  as torch.nn.MultiheadAttention with kdim != embed_dim, ``visual.ln_contrast``,
  ``visual.proj_contrast``, the captioning pooler and the text tower);
* CONCH v1.5's vision file (TRIDENT conchv1_5.py: ``trunk.*``,
  ``attn_pool_contrast.{query, ln_k, ln_q, to_q, to_kv, to_out}``,
  ``ln_contrast``);
* torchvision's resnet50 (its own module's state dict).

Values are random and large enough that every tensor matters: matrices
N(0, 1/fan_in), norm weights 1 + 0.2 N, biases 0.1 N, LayerScale 0.5 + 0.2 N,
tokens and positions 0.5 N.
"""

from collections import OrderedDict

import numpy as np
import torch


class Filler:
    """Seeded random tensors by role."""

    def __init__(self, seed):
        self._rng = np.random.RandomState(seed)

    def _t(self, arr):
        return torch.from_numpy(np.asarray(arr, dtype=np.float32))

    def matrix(self, *shape):
        fan_in = int(np.prod(shape[1:]))
        return self._t(self._rng.standard_normal(shape) / np.sqrt(fan_in))

    def norm(self, n):
        return self._t(1.0 + 0.2 * self._rng.standard_normal(n))

    def bias(self, n):
        return self._t(0.1 * self._rng.standard_normal(n))

    def scale(self, n):
        return self._t(0.5 + 0.2 * self._rng.standard_normal(n))

    def token(self, *shape):
        return self._t(0.5 * self._rng.standard_normal(shape))

    def positive(self, n):
        return self._t(1.0 + 0.2 * np.abs(self._rng.standard_normal(n)))


def _linear(sd, f, name, out_f, in_f, bias=True):
    sd[f"{name}.weight"] = f.matrix(out_f, in_f)
    if bias:
        sd[f"{name}.bias"] = f.bias(out_f)


def _ln(sd, f, name, n):
    sd[f"{name}.weight"] = f.norm(n)
    sd[f"{name}.bias"] = f.bias(n)


def mlp_width(cfg):
    return cfg["mlp_hidden"] or 4 * cfg["dim"]


def _vit_blocks(sd, f, cfg, fc1, fc2, layer_scale):
    """``blocks.N`` of a timm / DINOv2-hub ViT; the MLP's two linears are named ``fc1``/``fc2``."""
    d, h = cfg["dim"], mlp_width(cfg)
    packed = cfg["mlp_kind"] == "swiglu_packed"
    for i in range(cfg["depth"]):
        b = f"blocks.{i}"
        _ln(sd, f, f"{b}.norm1", d)
        _linear(sd, f, f"{b}.attn.qkv", 3 * d, d)
        _linear(sd, f, f"{b}.attn.proj", d, d)
        if layer_scale:
            sd[f"{b}.ls1.gamma"] = f.scale(d)
        _ln(sd, f, f"{b}.norm2", d)
        _linear(sd, f, f"{b}.mlp.{fc1}", h, d)
        _linear(sd, f, f"{b}.mlp.{fc2}", d, h // 2 if packed else h)
        if layer_scale:
            sd[f"{b}.ls2.gamma"] = f.scale(d)
    _ln(sd, f, "norm", d)


def timm_vit(cfg, f, grid, prefix=""):
    """timm VisionTransformer; ``grid`` is the side of the position table."""
    d, p, r = cfg["dim"], cfg["patch"], cfg["reg_tokens"]
    sd = OrderedDict()
    sd["cls_token"] = f.token(1, 1, d)
    rows = grid * grid + ((1 + r) if cfg["pos_embed_prefix"] else 0)
    sd["pos_embed"] = f.token(1, rows, d)
    if r:
        sd["reg_token"] = f.token(1, r, d)
    sd["patch_embed.proj.weight"] = f.matrix(d, 3, p, p)
    sd["patch_embed.proj.bias"] = f.bias(d)
    _vit_blocks(sd, f, cfg, "fc1", "fc2", cfg["layer_scale"] is not None)
    return OrderedDict((prefix + k, v) for k, v in sd.items())


def hf_vit(cfg, f, grid, dinov2):
    """transformers ViTModel (dinov2 False) or Dinov2Model (+ Hibou's registers)."""
    d, p = cfg["dim"], cfg["patch"]
    sd = OrderedDict()
    sd["embeddings.cls_token"] = f.token(1, 1, d)
    if dinov2:
        sd["embeddings.mask_token"] = f.token(1, d)
    sd["embeddings.position_embeddings"] = f.token(1, 1 + grid * grid, d)
    if cfg["reg_tokens"]:
        sd["embeddings.register_tokens"] = f.token(1, cfg["reg_tokens"], d)
    sd["embeddings.patch_embeddings.projection.weight"] = f.matrix(d, 3, p, p)
    sd["embeddings.patch_embeddings.projection.bias"] = f.bias(d)
    h = mlp_width(cfg)
    for i in range(cfg["depth"]):
        b = f"encoder.layer.{i}"
        for n in ("query", "key", "value"):
            _linear(sd, f, f"{b}.attention.attention.{n}", d, d)
        _linear(sd, f, f"{b}.attention.output.dense", d, d)
        if dinov2:
            _ln(sd, f, f"{b}.norm1", d)
            sd[f"{b}.layer_scale1.lambda1"] = f.scale(d)
            _ln(sd, f, f"{b}.norm2", d)
            if cfg["mlp_kind"] == "swiglu_packed":
                _linear(sd, f, f"{b}.mlp.weights_in", h, d)
                _linear(sd, f, f"{b}.mlp.weights_out", d, h // 2)
            else:
                _linear(sd, f, f"{b}.mlp.fc1", h, d)
                _linear(sd, f, f"{b}.mlp.fc2", d, h)
            sd[f"{b}.layer_scale2.lambda1"] = f.scale(d)
        else:
            _ln(sd, f, f"{b}.layernorm_before", d)
            _linear(sd, f, f"{b}.intermediate.dense", h, d)
            _linear(sd, f, f"{b}.output.dense", d, h)
            _ln(sd, f, f"{b}.layernorm_after", d)
    _ln(sd, f, "layernorm", d)
    if not dinov2:
        _linear(sd, f, "pooler.dense", d, d)
    return sd


def dinov2_hub(cfg, f, grid):
    """facebookresearch/dinov2 DinoVisionTransformer with registers, SwiGLUFFNFused."""
    d, p = cfg["dim"], cfg["patch"]
    sd = OrderedDict()
    sd["cls_token"] = f.token(1, 1, d)
    sd["pos_embed"] = f.token(1, 1 + grid * grid, d)
    sd["register_tokens"] = f.token(1, cfg["reg_tokens"], d)
    sd["mask_token"] = f.token(1, d)
    sd["patch_embed.proj.weight"] = f.matrix(d, 3, p, p)
    sd["patch_embed.proj.bias"] = f.bias(d)
    _vit_blocks(sd, f, cfg, "w12", "w3", True)
    return sd


def conch_v1(cfg, f, grid):
    """The full CoCa checkpoint of CONCH v1: vision tower, captioning pooler, text tower."""
    d, e = cfg["dim"], cfg["pooled_dim"]
    sd = timm_vit(cfg, f, grid, prefix="visual.trunk.")
    for branch, queries in (("attn_pool_contrast", 1), ("attn_pool_caption", 4)):
        pre = f"visual.{branch}"
        sd[f"{pre}.query"] = f.token(queries, e)
        sd[f"{pre}.attn.q_proj_weight"] = f.matrix(e, e)
        sd[f"{pre}.attn.k_proj_weight"] = f.matrix(e, d)
        sd[f"{pre}.attn.v_proj_weight"] = f.matrix(e, d)
        sd[f"{pre}.attn.in_proj_bias"] = f.bias(3 * e)
        _linear(sd, f, f"{pre}.attn.out_proj", e, e)
        _ln(sd, f, f"{pre}.ln_q", e)
        _ln(sd, f, f"{pre}.ln_k", d)
    _ln(sd, f, "visual.ln_contrast", e)
    _ln(sd, f, "visual.ln_caption", e)
    sd["visual.proj_contrast"] = f.matrix(e, e)
    sd["text.token_embedding.weight"] = f.matrix(64, e)
    sd["text.positional_embedding"] = f.token(8, e)
    _ln(sd, f, "text.ln_final", e)
    sd["text.text_projection"] = f.matrix(e, e)
    sd["logit_scale"] = torch.tensor(4.6)
    return sd


def conch_v15(cfg, f, grid):
    """CONCH v1.5's pytorch_model_vision.bin (TRIDENT's CONCHVisionTower)."""
    d, e = cfg["dim"], cfg["pooled_dim"]
    sd = timm_vit(cfg, f, grid, prefix="trunk.")
    sd["attn_pool_contrast.query"] = f.token(1, e)
    _ln(sd, f, "attn_pool_contrast.ln_k", d)
    _ln(sd, f, "attn_pool_contrast.ln_q", e)
    _linear(sd, f, "attn_pool_contrast.to_q", e, e, bias=False)
    _linear(sd, f, "attn_pool_contrast.to_kv", 2 * e, d, bias=False)
    _linear(sd, f, "attn_pool_contrast.to_out", e, e, bias=False)
    _ln(sd, f, "ln_contrast", e)
    return sd


def torchvision_resnet50(f):
    """Every tensor of torchvision's resnet50 (layer4 and fc included, as released)."""
    import torchvision
    sd = OrderedDict()
    for k, v in torchvision.models.resnet50(weights=None).state_dict().items():
        if k.endswith("num_batches_tracked"):
            sd[k] = torch.tensor(0)
        elif k.endswith("running_var"):
            sd[k] = f.positive(tuple(v.shape))
        elif k.endswith("running_mean") or k.endswith(".bias"):
            sd[k] = f.bias(tuple(v.shape))
        elif v.dim() == 1:
            sd[k] = f.norm(tuple(v.shape))
        else:
            sd[k] = f.matrix(*v.shape)
    return sd
