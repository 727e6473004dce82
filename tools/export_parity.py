"""The parity check an export writes into its manifest (``check`` block).

A user's runtime can prove that an ONNX file computes what the PyTorch module
computed at export time: it builds the same synthetic input, runs the graph,
applies the manifest's output recipe and compares with the stored numbers.
``slideembed models verify`` does this.

The input recipe ``xy-v1`` is integer arithmetic, so every runtime builds the
identical tensor: an S x S RGB tile of bytes

    v(c, y, x) = (7 x + 13 y + 85 c + 5 ((x y) mod 23)) mod 256

(x the column, y the row, c the channel 0..2), turned into the network input
as torchvision's ToTensor and Normalize do, in float32:
(float(v) / 255 - mean[c]) / std[c] with the manifest's mean and std. The
batch holds this one tile.
"""

import numpy as np
import torch

PATTERN = "xy-v1"
HEAD_VALUES = 16


def pattern_bytes(size):
    """The uint8 tile, [3, size, size] (CHW)."""
    y, x = np.meshgrid(np.arange(size, dtype=np.int64), np.arange(size, dtype=np.int64), indexing="ij")
    planes = [(7 * x + 13 * y + 85 * c + 5 * ((x * y) % 23)) % 256 for c in range(3)]
    return np.stack(planes).astype(np.uint8)


def pattern_input(size, mean, std):
    """The normalised float32 batch [1, 3, size, size]."""
    t = torch.from_numpy(pattern_bytes(size)).float().div(255)
    m = torch.tensor(mean, dtype=torch.float32).view(3, 1, 1)
    s = torch.tensor(std, dtype=torch.float32).view(3, 1, 1)
    return ((t - m) / s).unsqueeze(0)


def apply_recipe(output, recipe, prefix_tokens):
    """One embedding [D'] from the first sample of the named output."""
    out = output[0].float()
    if recipe == "pooled":
        return out.reshape(-1)
    if recipe == "cls":
        return out[0]
    if recipe == "cls_mean":
        return torch.cat([out[0], out[prefix_tokens:].mean(dim=0)])
    raise ValueError(f"unknown recipe {recipe}")


def check_block(model, manifest, fp16=False):
    """Runs the module on the pattern; returns the manifest's ``check`` block and
    the length of the embedding."""
    size = manifest["input_size"]
    pre = manifest["preprocess"]
    batch = pattern_input(size, pre["mean"], pre["std"])
    with torch.no_grad():
        outs = model.eval()(batch)
    outs = outs if isinstance(outs, tuple) else (outs,)
    emb = apply_recipe(outs[-1], manifest["output"]["recipe"], manifest["output"]["prefix_tokens"])
    values = emb.double().numpy()
    return {
        "input": PATTERN,
        "values": [float(np.float32(v)) for v in values[:HEAD_VALUES]],
        "norm": float(np.linalg.norm(values)),
        "tolerance": 2e-2 if fp16 else 1e-3,
        "reference": f"torch {torch.__version__}",
    }, int(emb.numel())
