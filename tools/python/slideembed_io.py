"""Open SlideEmbed outputs in Python with pyarrow only (no SlideEmbed code needed).

    import slideembed_io as se
    emb, coords = se.load_tiles("out/uni/slide-1.tiles.arrow")   # (N, D) numpy, pandas DataFrame
    ds = se.open_dataset("out/uni")                              # every slide's tiles as one dataset
    slides = se.load_slides("out/uni")                           # slide embeddings, one row per slide
    info = se.provenance("out/uni/slide-1.tiles.arrow")          # dict: tool, model, mpp, fingerprint...

Cohort outputs (docs/COHORT.md):

    tokens = se.load_tokens("tokens/slide-1.tokens.arrow")       # DataFrame: tile_index, x, y, token, distance
    ids, counts, hist = se.load_token_histograms("tokens")       # slide ids, (S, K) counts, (S, K) fractions
    centroids, settings = se.load_codebook("codebook.arrow")     # (K, D) numpy, fit settings dict
    hits = se.load_search(json_text)                             # DataFrame of `slideembed search --json`
    tiles = se.load_heatmap_geojson("maps/slide-1.heatmap-token.geojson")  # tile_index, x, y, size, values

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

__all__ = ["load_tiles", "open_dataset", "load_slides", "provenance",
           "load_tokens", "load_token_histograms", "load_codebook", "load_search", "load_heatmap_geojson"]


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


def load_tokens(path):
    """One slide's morphology tokens (`<id>.tokens.arrow`) as a pandas DataFrame; unread tiles have a null token."""
    return _read(path).to_pandas()


def load_token_histograms(path):
    """The cohort table of `slideembed tokens assign` (a folder or `token-histograms.arrow`):
    (slide ids list, (S, K) int counts, (S, K) float fractions)."""
    path = os.fspath(path)
    if os.path.isdir(path):
        path = os.path.join(path, "token-histograms.arrow")
    table = _read(path)
    return table.column("slide_id").to_pylist(), _matrix(table.column("counts")), _matrix(table.column("histogram"))


def load_codebook(path):
    """The codebook of `slideembed tokens fit`: ((K, D) centroids, fit settings dict)."""
    path = os.fspath(path)
    table = _read(path)
    meta = ipc.open_file(pa.memory_map(path, "r")).schema.metadata or {}
    return _matrix(table.column("centroid")), json.loads(meta[b"slideembed.codebook"])


def load_search(text_or_path):
    """The hits of `slideembed search --json` (the printed text, or a file holding it) as a pandas DataFrame."""
    import pandas as pd
    text = os.fspath(text_or_path)
    if not text.lstrip().startswith("[") and os.path.exists(text):
        with open(text, encoding="utf-8") as f:
            text = f.read()
    return pd.DataFrame(json.loads(text))


def load_heatmap_geojson(path):
    """The tiles of a `slideembed heatmap` GeoJSON: tile_index, x, y, size (level-0 pixels) and each measurement."""
    import pandas as pd
    with open(os.fspath(path), encoding="utf-8") as f:
        features = json.load(f)["features"]
    rows = []
    for feature in features:
        ring = feature["geometry"]["coordinates"][0]
        x, y = ring[0]
        row = {"tile_index": feature["properties"]["tile_index"], "x": x, "y": y, "size": ring[1][0] - x}
        row.update(feature["properties"].get("measurements", {}))
        rows.append(row)
    return pd.DataFrame(rows)
