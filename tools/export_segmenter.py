#!/usr/bin/python3
"""Export a tissue segmenter to ONNX for SlideEmbed's segmenter manifests.

Presets (manifests/<preset>.json):

    grandqc-tissue  GrandQC tissue detection: segmentation_models_pytorch
                    UnetPlusPlus(encoder 'timm-efficientnet-b0', classes=2),
                    checkpoint Zenodo 14507273 Tissue_Detection_MPP10.pth
                    (a plain state dict). Class 0 is tissue.
    grandqc-artifacts
                    GrandQC artifact model: segmentation_models_pytorch
                    Unet(encoder 'timm-efficientnet-b0', classes=8) at 1.0
                    um/px, checkpoint GrandQC_MPP1_state_dict.pth (the plain
                    state dict TRIDENT loads, mirror MahmoodLab/hest-tissue-seg,
                    re-saved from Zenodo 14041538 GrandQC_MPP1.pth, a pickled
                    module that needs old timm to load: not read here).
    hest-tissue     HEST tissue segmentation: torchvision deeplabv3_resnet50
                    with classifier[4] = Conv2d(256, 2, 1), checkpoint
                    MahmoodLab/hest-tissue-seg deeplabv3_seg_v4.ckpt (a
                    Lightning file: keys under 'state_dict', prefixed 'model.',
                    with an auxiliary head that is dropped). Class 1 is tissue.

The architectures are written here in plain PyTorch with the parameter names
of the released checkpoints (smp 0.3 over timm 0.4's EfficientNet, and
torchvision), so the released files load with strict=True; no smp or timm is
needed. The ONNX graph has one input ``pixel_values`` float32 [B, 3, H, W] and
one output ``logits`` [B, classes, H, W], batch, H and W dynamic (H and W must
be multiples of the manifest's onnx.hw_multiple).

    /usr/bin/python3 tools/export_segmenter.py grandqc-tissue \\
        --checkpoint Tissue_Detection_MPP10.pth --out ~/.cache/slideembed/models/grandqc-tissue.onnx
    /usr/bin/python3 tools/export_segmenter.py grandqc-artifacts \\
        --checkpoint GrandQC_MPP1_state_dict.pth --out ~/.cache/slideembed/models/grandqc-artifacts.onnx
    /usr/bin/python3 tools/export_segmenter.py hest-tissue \\
        --checkpoint deeplabv3_seg_v4.ckpt --out ~/.cache/slideembed/models/hest-tissue.onnx

``--random SEED`` instead of ``--checkpoint`` exports seeded random weights
(pipeline tests only; the mask means nothing).
"""

import argparse
import math
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = ["grandqc-tissue", "grandqc-artifacts", "hest-tissue"]

# EfficientNet-B0 stages: (expansion, kernel, stride, out channels, repeats).
B0_STAGES = [(1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3),
             (6, 5, 1, 112, 3), (6, 5, 2, 192, 4), (6, 3, 1, 320, 1)]


class SqueezeExcite(nn.Module):
    def __init__(self, channels, reduced):
        super().__init__()
        self.conv_reduce = nn.Conv2d(channels, reduced, 1)
        self.conv_expand = nn.Conv2d(reduced, channels, 1)

    def forward(self, x):
        s = x.mean((2, 3), keepdim=True)
        s = self.conv_expand(F.silu(self.conv_reduce(s)))
        return x * torch.sigmoid(s)


class DepthwiseSeparable(nn.Module):
    """timm DepthwiseSeparableConv: dw conv, BN, SiLU, SE, pw conv, BN (no act)."""

    def __init__(self, cin, cout, k, stride):
        super().__init__()
        self.conv_dw = nn.Conv2d(cin, cin, k, stride, k // 2, groups=cin, bias=False)
        self.bn1 = nn.BatchNorm2d(cin)
        self.se = SqueezeExcite(cin, max(1, int(cin * 0.25)))
        self.conv_pw = nn.Conv2d(cin, cout, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.skip = stride == 1 and cin == cout

    def forward(self, x):
        y = self.bn2(self.conv_pw(self.se(F.silu(self.bn1(self.conv_dw(x))))))
        return x + y if self.skip else y


class InvertedResidual(nn.Module):
    """timm InvertedResidual: pw expand, BN, SiLU, dw, BN, SiLU, SE (reduced from the block input), pw project, BN."""

    def __init__(self, cin, cout, k, stride, expansion):
        super().__init__()
        mid = cin * expansion
        self.conv_pw = nn.Conv2d(cin, mid, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(mid)
        self.conv_dw = nn.Conv2d(mid, mid, k, stride, k // 2, groups=mid, bias=False)
        self.bn2 = nn.BatchNorm2d(mid)
        self.se = SqueezeExcite(mid, max(1, int(cin * 0.25)))
        self.conv_pwl = nn.Conv2d(mid, cout, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(cout)
        self.skip = stride == 1 and cin == cout

    def forward(self, x):
        y = F.silu(self.bn1(self.conv_pw(x)))
        y = F.silu(self.bn2(self.conv_dw(y)))
        y = self.bn3(self.conv_pwl(self.se(y)))
        return x + y if self.skip else y


class EfficientNetB0Encoder(nn.Module):
    """smp's 'timm-efficientnet-b0' encoder: features at strides 1, 2, 4, 8, 16, 32 with 3, 32, 24, 40, 112, 320 channels.
    conv_head and bn2 stay in the state dict (smp deletes only the classifier) but take no part in the forward pass."""

    out_channels = (3, 32, 24, 40, 112, 320)

    def __init__(self):
        super().__init__()
        self.conv_stem = nn.Conv2d(3, 32, 3, 2, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(32)
        stages, cin = [], 32
        for i, (e, k, s, cout, n) in enumerate(B0_STAGES):
            blocks = []
            for j in range(n):
                stride = s if j == 0 else 1
                blocks.append(DepthwiseSeparable(cin, cout, k, stride) if i == 0 else InvertedResidual(cin, cout, k, stride, e))
                cin = cout
            stages.append(nn.Sequential(*blocks))
        self.blocks = nn.Sequential(*stages)
        self.conv_head = nn.Conv2d(320, 1280, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(1280)

    def forward(self, x):
        features = [x]
        x = F.silu(self.bn1(self.conv_stem(x)))
        features.append(x)
        for lo, hi in ((0, 2), (2, 3), (3, 5), (5, 7)):
            for stage in self.blocks[lo:hi]:
                x = stage(x)
            features.append(x)
        return features


def conv_bn_relu(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=False))


class DecoderBlock(nn.Module):
    """smp DecoderBlock: nearest x2 upsample, concatenate the skip, two conv-BN-ReLU."""

    def __init__(self, cin, skip, cout):
        super().__init__()
        self.conv1 = conv_bn_relu(cin + skip, cout)
        self.conv2 = conv_bn_relu(cout, cout)

    def forward(self, x, skip=None):
        x = F.interpolate(x, scale_factor=2.0, mode="nearest")
        if skip is not None:
            x = torch.cat([x, skip], dim=1)
        return self.conv2(self.conv1(x))


class UnetPlusPlusDecoder(nn.Module):
    """smp UnetPlusPlusDecoder (nested dense skips), keys blocks.x_{depth}_{layer}."""

    def __init__(self, encoder_channels, decoder_channels=(256, 128, 64, 32, 16)):
        super().__init__()
        enc = list(encoder_channels[1:])[::-1]
        self.in_channels = [enc[0]] + list(decoder_channels[:-1])
        self.skip_channels = enc[1:] + [0]
        self.out_channels = list(decoder_channels)
        blocks = {}
        for layer in range(len(self.in_channels) - 1):
            for depth in range(layer + 1):
                if depth == 0:
                    cin, skip, cout = self.in_channels[layer], self.skip_channels[layer] * (layer + 1), self.out_channels[layer]
                else:
                    cout = self.skip_channels[layer]
                    skip = self.skip_channels[layer] * (layer + 1 - depth)
                    cin = self.skip_channels[layer - 1]
                blocks[f"x_{depth}_{layer}"] = DecoderBlock(cin, skip, cout)
        last = len(self.in_channels) - 1
        blocks[f"x_0_{last}"] = DecoderBlock(self.in_channels[-1], 0, self.out_channels[-1])
        self.blocks = nn.ModuleDict(blocks)
        self.depth = last

    def forward(self, *features):
        features = features[1:][::-1]
        dense = {}
        for layer in range(len(self.in_channels) - 1):
            for depth in range(self.depth - layer):
                if layer == 0:
                    dense[f"x_{depth}_{depth}"] = self.blocks[f"x_{depth}_{depth}"](features[depth], features[depth + 1])
                else:
                    d = depth + layer
                    cat = [dense[f"x_{i}_{d}"] for i in range(depth + 1, d + 1)] + [features[d + 1]]
                    dense[f"x_{depth}_{d}"] = self.blocks[f"x_{depth}_{d}"](dense[f"x_{depth}_{d - 1}"], torch.cat(cat, dim=1))
        return self.blocks[f"x_0_{self.depth}"](dense[f"x_0_{self.depth - 1}"])


class EncoderDecoder(nn.Module):
    """smp's segmentation model layout (keys encoder.*, decoder.*, segmentation_head.0.*): the
    EfficientNet-B0 encoder, a decoder built from its channels, a 3x3 head to the classes."""

    def __init__(self, decoder, classes):
        super().__init__()
        self.encoder = EfficientNetB0Encoder()
        self.decoder = decoder(self.encoder.out_channels)
        self.segmentation_head = nn.Sequential(nn.Conv2d(16, classes, 3, padding=1))

    def forward(self, x):
        return self.segmentation_head(self.decoder(*self.encoder(x)))


def UnetPlusPlus(classes):
    return EncoderDecoder(UnetPlusPlusDecoder, classes)


class UnetDecoder(nn.Module):
    """smp UnetDecoder without attention (center Identity), keys blocks.{0..4}: each block upsamples
    by 2 and takes the encoder feature of the same stride (none for the last)."""

    def __init__(self, encoder_channels, decoder_channels=(256, 128, 64, 32, 16)):
        super().__init__()
        enc = list(encoder_channels[1:])[::-1]
        in_channels = [enc[0]] + list(decoder_channels[:-1])
        skip_channels = enc[1:] + [0]
        self.blocks = nn.ModuleList(DecoderBlock(i, s, o) for i, s, o in zip(in_channels, skip_channels, decoder_channels))

    def forward(self, *features):
        features = features[1:][::-1]
        x, skips = features[0], features[1:]
        for i, block in enumerate(self.blocks):
            x = block(x, skips[i] if i < len(skips) else None)
        return x


def Unet(classes):
    return EncoderDecoder(UnetDecoder, classes)


class DeepLabLogits(nn.Module):
    """torchvision DeepLabV3 returns a dict; the export wants the tensor."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x)["out"]


def build(preset):
    if preset == "grandqc-tissue":
        return UnetPlusPlus(classes=2)
    if preset == "grandqc-artifacts":
        return Unet(classes=8)
    if preset == "hest-tissue":
        from torchvision.models.segmentation import deeplabv3_resnet50
        model = deeplabv3_resnet50(weights=None, weights_backbone=None)
        model.classifier[4] = nn.Conv2d(256, 2, 1)
        return model
    raise SystemExit(f"unknown preset '{preset}': use {', '.join(PRESETS)}")


def published_state_dict(preset, checkpoint):
    """The state dict the published loaders build from the released file."""
    data = torch.load(checkpoint, map_location="cpu")
    if preset == "hest-tissue":
        # TRIDENT and HEST: strip 'model.', drop every key containing 'aux'.
        sd = data["state_dict"]
        return {k[len("model."):] if k.startswith("model.") else k: v for k, v in sd.items() if "aux" not in k}
    return data


def load(preset, checkpoint):
    model = build(preset)
    model.load_state_dict(published_state_dict(preset, checkpoint), strict=True)
    return model.eval()


def init_random(model, seed, sample_size=64):
    """Seeded random weights (numpy's legacy generator, stable across versions): convs
    N(0, 2/fan_in), BN weight ~1, bias and running mean ~0, running var ~1; then the
    last conv is scaled so the logits of a random input have std 2 (clear decisions), and with
    more than two classes its bias centres each class's mean logit on that input."""
    rng = np.random.RandomState(seed)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.Conv2d):
                fan_in = module.weight[0].numel()
                module.weight.copy_(torch.from_numpy((rng.standard_normal(tuple(module.weight.shape)) * math.sqrt(2.0 / fan_in)).astype(np.float32)))
                if module.bias is not None:
                    module.bias.copy_(torch.from_numpy((0.02 * rng.standard_normal(tuple(module.bias.shape))).astype(np.float32)))
            elif isinstance(module, nn.BatchNorm2d):
                c = module.num_features
                module.weight.copy_(torch.from_numpy((1 + 0.1 * rng.standard_normal(c)).astype(np.float32)))
                module.bias.copy_(torch.from_numpy((0.1 * rng.standard_normal(c)).astype(np.float32)))
                module.running_mean.copy_(torch.from_numpy((0.1 * rng.standard_normal(c)).astype(np.float32)))
                module.running_var.copy_(torch.from_numpy((1 + 0.1 * rng.random_sample(c)).astype(np.float32)))
        model.eval()
        head = [m for m in model.modules() if isinstance(m, nn.Conv2d)][-1]
        x = torch.from_numpy(rng.standard_normal((1, 3, sample_size, sample_size)).astype(np.float32))
        out = model(x)
        out = out["out"] if isinstance(out, dict) else out
        head.weight.mul_(2.0 / max(float(out.std()), 1e-6))
        if head.out_channels > 2:
            # With many classes one class would win almost everywhere; centring each class's mean
            # logit on the sample input lets several win, so keep/drop decisions vary across an image.
            out = model(x)
            out = out["out"] if isinstance(out, dict) else out
            head.bias.sub_(out.mean((0, 2, 3)))
    return model


def save_published(preset, model, path):
    """Writes the model's weights in the released file's layout."""
    sd = model.state_dict()
    if preset == "hest-tissue":
        sd = {"model." + k: v for k, v in sd.items()}
        sd["model.aux_classifier.0.weight"] = torch.zeros(256, 1024, 3, 3)
        sd["model.aux_classifier.4.weight"] = torch.zeros(2, 256, 1, 1)
        torch.save({"epoch": 0, "global_step": 0, "state_dict": sd}, path)
    else:
        torch.save(sd, path)


def export(preset, model, out_path, size):
    wrapped = DeepLabLogits(model) if preset == "hest-tissue" else model
    wrapped.eval()
    x = torch.zeros(1, 3, size, size)
    dynamic = {"pixel_values": {0: "batch", 2: "height", 3: "width"}, "logits": {0: "batch", 2: "height", 3: "width"}}
    with torch.no_grad():
        torch.onnx.export(wrapped, x, out_path, input_names=["pixel_values"], output_names=["logits"],
                          dynamic_axes=dynamic, opset_version=17, do_constant_folding=True)
    return wrapped


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("preset", choices=PRESETS)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--checkpoint", help="the released weights file")
    src.add_argument("--random", type=int, metavar="SEED", help="seeded random weights (tests only)")
    p.add_argument("--out", required=True, help="ONNX file to write")
    args = p.parse_args(argv)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    try:
        model = load(args.preset, args.checkpoint) if args.checkpoint else init_random(build(args.preset), args.random)
    except (OSError, RuntimeError, KeyError) as e:
        print(f"error: cannot load {args.checkpoint} as {args.preset}: {str(e).splitlines()[0]}", file=sys.stderr)
        return 1
    export(args.preset, model, args.out, 512)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
