#!/usr/bin/env python3
"""Writes ONNX models of a single MatMul, y[n, out] = x[n, in] @ w[in, out], with a dynamic row count n
and seeded random weights, for the `longnet` benchmark (tools/SlideEmbed.Bench), which times ONNX
Runtime on the slide encoder's matrix shapes next to SlideEmbed's own kernels.

Usage: make_matmul_onnx.py --out-dir DIR 1536x768 768x2304 768x768 768x3072 3072x768
writes DIR/matmul-1536x768.onnx and so on. Needs Debian's python3-torch (export only, no ONNX package).
"""
import argparse
import pathlib

import torch


class MatMul(torch.nn.Module):
    def __init__(self, weight: torch.Tensor):
        super().__init__()
        self.weight = torch.nn.Parameter(weight, requires_grad=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.matmul(x, self.weight)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out-dir", required=True, type=pathlib.Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("shapes", nargs="+", help="IN x OUT, e.g. 768x2304")
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    generator = torch.Generator().manual_seed(args.seed)
    for shape in args.shapes:
        inputs, outputs = (int(v) for v in shape.split("x"))
        weight = (torch.rand(inputs, outputs, generator=generator) - 0.5) / inputs ** 0.5
        target = args.out_dir / f"matmul-{inputs}x{outputs}.onnx"
        partial = target.with_suffix(".onnx.partial")
        torch.onnx.export(
            MatMul(weight), torch.zeros(4, inputs), str(partial), input_names=["x"], output_names=["y"],
            dynamic_axes={"x": {0: "n"}, "y": {0: "n"}}, opset_version=17)
        partial.replace(target)
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
