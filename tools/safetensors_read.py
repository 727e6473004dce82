"""Reads a .safetensors file into an ordered dict of torch tensors, without
the safetensors package (Debian 12 does not ship it).

The format: an 8-byte little-endian header length N, N bytes of JSON mapping
each tensor name to ``dtype``, ``shape`` and ``data_offsets`` [begin, end)
relative to the end of the header (plus an optional ``__metadata__`` entry),
then the raw little-endian tensor bytes."""

import json
import struct
from collections import OrderedDict

import numpy as np
import torch

_DTYPES = {
    "F64": np.float64, "F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32,
    "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_,
}


class SafetensorsError(ValueError):
    """The file is not a readable safetensors file."""


def read(path):
    """Returns {name: tensor} in the file's order; bfloat16 becomes float32."""
    with open(path, "rb") as f:
        raw = f.read(8)
        if len(raw) != 8:
            raise SafetensorsError(f"{path}: too short to be a safetensors file")
        (n,) = struct.unpack("<Q", raw)
        if n > 100_000_000:
            raise SafetensorsError(f"{path}: header length {n} is implausible; not a safetensors file")
        try:
            header = json.loads(f.read(n).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise SafetensorsError(f"{path}: unreadable header ({e})") from None
        base = 8 + n
        out = OrderedDict()
        entries = sorted(((k, v) for k, v in header.items() if k != "__metadata__"),
                         key=lambda kv: kv[1]["data_offsets"][0])
        for name, info in entries:
            begin, end = info["data_offsets"]
            f.seek(base + begin)
            data = f.read(end - begin)
            if len(data) != end - begin:
                raise SafetensorsError(f"{path}: tensor {name} runs past the end of the file")
            shape = tuple(info["shape"])
            if info["dtype"] == "BF16":
                # bfloat16 is the upper half of a float32.
                halves = np.frombuffer(data, dtype="<u2").astype(np.uint32) << 16
                arr = halves.view(np.float32)
            elif info["dtype"] in _DTYPES:
                arr = np.frombuffer(data, dtype=np.dtype(_DTYPES[info["dtype"]]).newbyteorder("<"))
            else:
                raise SafetensorsError(f"{path}: tensor {name} has unsupported dtype {info['dtype']}")
            out[name] = torch.from_numpy(arr.reshape(shape).astype(arr.dtype.newbyteorder("="), copy=True))
        order = [k for k in header if k != "__metadata__"]
        return OrderedDict((k, out[k]) for k in order)
