"""Open SlideEmbed outputs in Python with pyarrow only (no SlideEmbed code needed).

    import slideembed_io as se
    emb, coords = se.load_tiles("out/uni/slide-1.tiles.arrow")   # (N, D) numpy, pandas DataFrame
    ds = se.open_dataset("out/uni")                              # every slide's tiles as one dataset
    slides = se.load_slides("out/uni")                           # slide embeddings, one row per slide
    info = se.provenance("out/uni/slide-1.tiles.arrow")          # dict: tool, model, mpp, fingerprint...

Files are Arrow IPC ("Feather v2"); see docs/FORMAT.md for the columns. `load_tiles` memory-maps
the file: when the file holds one record batch (up to 16384 tiles, the usual case) the embedding
matrix is a zero-copy view of the mapped file; larger files are concatenated (one copy).
Tiles that could not be read have read_status 1 and NaN embeddings; drop them with `ok_only=True`.
"""
import glob
import json
import os

import numpy as np
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.ipc as ipc

__all__ = ["load_tiles", "open_dataset", "load_slides", "provenance"]


def _read(path):
    return ipc.open_file(pa.memory_map(os.fspath(path), "r")).read_all()


def _matrix(column):
    """(N, D) numpy view of a FixedSizeList column; zero-copy for a single chunk."""
    dim = column.type.list_size
    chunks = column.chunks
    if len(chunks) == 1:
        chunk = chunks[0]
        values = chunk.values  # child array covering this chunk, offset applied
        flat = values.to_numpy(zero_copy_only=True)
        start = chunk.offset * dim
        return flat[start:start + len(chunk) * dim].reshape(len(chunk), dim)
    return np.concatenate([_matrix(pa.chunked_array([c])) for c in chunks]) if chunks else np.empty((0, dim), np.float32)


def load_tiles(path, ok_only=False):
    """Returns (embeddings (N, D) numpy array, coordinates pandas DataFrame) of one tile file."""
    table = _read(path)
    emb = _matrix(table.column("embedding"))
    coords = table.drop_columns(["embedding"]).to_pandas()
    if ok_only:
        keep = coords["read_status"].to_numpy() == 0
        return emb[keep], coords[keep].reset_index(drop=True)
    return emb, coords


def open_dataset(folder):
    """Every `*.tiles.arrow` file of a model folder as one pyarrow dataset (lazy; filter by slide_id)."""
    files = sorted(glob.glob(os.path.join(os.fspath(folder), "*.tiles.arrow")))
    return pads.dataset(files, format="ipc")


def load_slides(folder):
    """All `*.slide.arrow` files of a model folder as one pyarrow Table (one row per slide)."""
    files = sorted(glob.glob(os.path.join(os.fspath(folder), "*.slide.arrow")))
    return pa.concat_tables([_read(f) for f in files]) if files else None


def provenance(path):
    """The provenance JSON of a tile or slide file as a dict."""
    meta = ipc.open_file(pa.memory_map(os.fspath(path), "r")).schema.metadata or {}
    return json.loads(meta[b"slideembed.provenance"])
