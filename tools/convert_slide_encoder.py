#!/usr/bin/python3
"""Converts a published slide-encoder checkpoint to the safetensors state dict SlideEmbed loads.

    tools/convert_slide_encoder.py --model titan --checkpoint model.safetensors --out titan.safetensors
    tools/convert_slide_encoder.py --model madeleine --checkpoint model.pt --out madeleine.safetensors

Models and the checkpoints they come from:
    titan                 MahmoodLab/TITAN model.safetensors or pytorch_model.bin (keys vision_encoder.*)
    feather-conch-v1-5    MahmoodLab/abmil.base.conch_v15.pc108-24k model.safetensors (keys model.*)
    feather-uni2-h        MahmoodLab/abmil.base.uni_v2.pc108-24k model.safetensors
    chief                 hms-dbmi/CHIEF CHIEF_pretraining.pth (pickle; attention_net.*)
    madeleine             MahmoodLab/madeleine model.pt (pickle, DDP "module." prefix)

The expected key list is the reference module's state dict (tools/slide_encoders_reference.py, written
from the published code). Every expected key must be present with its shape; keys the slide embedding
does not use (text towers, classifiers, memory banks, other poolers) are listed and dropped; any other
key is an error, so a checkpoint of a different model version cannot convert silently. Pickles are read
with torch.load(weights_only=True). Prints each tensor's name and shape, and the output's SHA-256 for
the manifest's weights.sha256.
"""

import argparse
import hashlib
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from longnet_reference import write_safetensors  # noqa: E402
from slide_encoders_reference import MODELS  # noqa: E402

# Key prefixes present in the published checkpoints that the slide embedding does not use.
UNUSED = {
    "titan": ("vision_encoder.attn_pool.", "vision_encoder.proj", "text_encoder.", "logit_scale", "text_decoder.", "conch_"),
    "feather-conch-v1-5": ("model.classifier",),
    "feather-uni2-h": ("model.classifier",),
    "chief": ("classifiers.", "instance_classifiers.", "att_head.", "text_to_vision.", "pos_mem", "neg_mem", "hard_neg_mem"),
    "madeleine": ("token_projector.",),
}


def load_checkpoint(path):
    if path.endswith(".safetensors"):
        from safetensors.torch import load_file
        return load_file(path)
    obj = torch.load(path, map_location="cpu", weights_only=True)
    for key in ("state_dict", "model", "model_state_dict"):
        if isinstance(obj, dict) and key in obj and isinstance(obj[key], dict):
            obj = obj[key]
    if not isinstance(obj, dict):
        raise SystemExit(f"{path}: not a state dict (found {type(obj).__name__})")
    return obj


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, choices=sorted(MODELS))
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    state = load_checkpoint(args.checkpoint)
    if any(k.startswith("module.") for k in state):
        state = {k[len("module."):] if k.startswith("module.") else k: v for k, v in state.items()}
    expected = MODELS[args.model][0]().state_dict()

    missing = [k for k in expected if k not in state]
    if missing:
        raise SystemExit(f"{args.checkpoint}: {len(missing)} tensors of {args.model} are missing, e.g. {missing[:5]}")
    wrong = [(k, list(state[k].shape), list(v.shape)) for k, v in expected.items() if tuple(state[k].shape) != tuple(v.shape)]
    if wrong:
        raise SystemExit(f"{args.checkpoint}: shapes differ from {args.model}: {wrong[:5]}")
    dropped = [k for k in state if k not in expected and k.startswith(UNUSED[args.model])]
    unknown = [k for k in state if k not in expected and k not in dropped]
    if unknown:
        raise SystemExit(f"{args.checkpoint}: {len(unknown)} keys are neither used nor known to be unused by {args.model}, e.g. {unknown[:5]}")

    tensors = {k: state[k].detach().to(torch.float32).contiguous().numpy() for k in expected}
    for k, v in tensors.items():
        print(f"  {k} {list(v.shape)}")
    if dropped:
        print(f"dropped {len(dropped)} unused tensors, e.g. {dropped[:5]}")
    partial = args.out + ".partial"
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    write_safetensors(partial, tensors, {"converted_from": os.path.basename(args.checkpoint), "model": args.model})
    os.replace(partial, args.out)
    with open(args.out, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    print(f"{args.out}: {len(tensors)} tensors, {sum(v.size for v in tensors.values()):,} parameters, sha256 {digest}")


if __name__ == "__main__":
    np.set_printoptions(threshold=10)
    main()
