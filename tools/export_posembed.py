"""Position-table rules of the published loaders, used by tools/export_onnx.py.

A checkpoint's absolute position table is made for one patch grid; the
exported graph has a fixed input size, so the table the graph needs is
computed once at export time, exactly as the model's own code would compute
it for that input. Each preset names its rule (``pos_rule``); the rules and
the code each follows:

``timm``
    timm's ``resample_abs_pos_embed`` as ``checkpoint_filter_fn`` and
    ``dynamic_img_size`` call it (timm/layers/pos_embed.py): bicubic,
    ``size=(g, g)``, ``antialias=True``, in float32; prefix rows kept.
    No change when the grid already matches.
``hf``
    transformers' ``ViTEmbeddings`` / ``Dinov2Embeddings.interpolate_pos_encoding``
    (models/vit/modeling_vit.py, models/dinov2/modeling_dinov2.py): bicubic,
    ``size=(g, g)``, ``align_corners=False``, no antialiasing, in float32;
    the CLS row kept. No change when the grid matches.
``dinov2-reg``
    DINOv2's hub models with registers (facebookresearch/dinov2
    dinov2/models/vision_transformer.py ``interpolate_pos_encoding`` with
    ``interpolate_offset=0`` and ``interpolate_antialias=True``, as
    hub/backbones.py builds the ``_reg`` models): bicubic, ``size=(g, g)``,
    antialiased; the CLS row kept.
``conch15``
    TRIDENT's CONCH v1.5 loader (trident/patch_encoder_models/model_zoo/
    conchv1_5/conchv1_5.py): the tower is built at 224, so the checkpoint
    table is first resampled to 14x14 by timm's ``resample_abs_pos_embed``
    with ``bilinear`` and ``antialias=False``; at a larger input the 14x14
    table is interpolated at every forward pass the DINO way: bicubic with
    ``scale_factor=(g + 0.1) / 14``, no antialiasing. Applied even when the
    checkpoint already holds a g x g table, because the reference does.
``exact``
    The reference loads the table strictly (GPFM): a table for another grid
    is refused.
"""

import math

import torch
import torch.nn.functional as F

RULES = ("timm", "hf", "dinov2-reg", "conch15", "exact")


class PositionTableError(ValueError):
    """A table that a rule cannot bring to the wanted grid."""


def _grid_of(rows, key):
    side = math.isqrt(rows)
    if side * side != rows:
        raise PositionTableError(f"{key}: {rows} position rows are not a square grid")
    return side


def _to_image(grid_rows, side):
    return grid_rows.reshape(1, side, side, -1).permute(0, 3, 1, 2).float()


def _from_image(img):
    return img.permute(0, 2, 3, 1).reshape(1, img.shape[2] * img.shape[3], -1)


def _split(table, prefix):
    return table[:, :prefix], table[:, prefix:]


def resample(rule, table, new_side, prefix, key="pos_embed"):
    """Returns ``table`` ([1, prefix + s*s, D]) brought to ``new_side`` per ``rule``.

    ``prefix`` rows (CLS and, for timm's default layout, register positions)
    are kept unchanged; the result has the input's dtype."""
    if rule not in RULES:
        raise ValueError(f"unknown position rule {rule}")
    head, grid = _split(table, prefix)
    side = _grid_of(grid.shape[1], key)
    if rule == "conch15":
        img = _to_image(grid, side)
        if side != 14:
            img = F.interpolate(img, size=(14, 14), mode="bilinear", align_corners=False, antialias=False)
        if new_side != 14:
            scale = (new_side + 0.1) / 14
            img = F.interpolate(img, scale_factor=(scale, scale), mode="bicubic", align_corners=False)
            if img.shape[-1] != new_side:
                raise PositionTableError(f"{key}: the DINO interpolation gave {img.shape[-1]}, not {new_side}")
        return torch.cat([head, _from_image(img).to(table.dtype)], dim=1)
    if side == new_side:
        return table
    if rule == "exact":
        raise PositionTableError(
            f"{key}: the checkpoint's table is for a {side}x{side} grid but the model needs "
            f"{new_side}x{new_side}; this model's own loader does not resample, so neither does the export")
    img = _to_image(grid, side)
    img = F.interpolate(img, size=(new_side, new_side), mode="bicubic", align_corners=False,
                        antialias=(rule in ("timm", "dinov2-reg")))
    return torch.cat([head, _from_image(img).to(table.dtype)], dim=1)
