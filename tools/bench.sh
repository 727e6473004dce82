#!/usr/bin/env bash
# Runs SlideEmbed's benchmarks (docs/BENCHMARKS.md says what each measures and records results).
# Creates, once, under the cache folder (default ./bench-data, git-ignored; BENCH_DATA overrides):
#   gigapixel.svs (40000 x 30000, 0.25 um/px), small-10000x7500.svs, same-area-10000x7500-1mpp.svs
#   vit-b16.onnx (ViT-B/16 with random weights, exported by tools/export_onnx.py) for the embed benchmarks,
#   gigapath-slide-random.safetensors and matmul-*.onnx (tools/make_matmul_onnx.py) for longnet.
# Usage:
#   tools/bench.sh                         all six benchmarks with their defaults
#   tools/bench.sh tiling --runs 15        one benchmark with options (see: tools/bench.sh --help)
#   tools/bench.sh shards [--shards 4]     1 process vs N shard processes (tools/bench-shards.sh)
# Each benchmark prints a readable summary and one JSON line; the JSON lines are also appended to
# $BENCH_DATA/results.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
# The sharding benchmark times whole CLI processes, not the harness: tools/bench-shards.sh.
if [ "${1:-}" = shards ]; then
  shift
  exec bash tools/bench-shards.sh "$@"
fi
data="${BENCH_DATA:-bench-data}"
project=tools/SlideEmbed.Bench
benchmarks=(tiling read-preprocess embed-vs-encoder embed-memory longnet cohort)

# grep without -q reads all of ldconfig's output, so pipefail does not see a SIGPIPE when it is there.
if ! ldconfig -p 2>/dev/null | grep 'libopenslide\.so' >/dev/null || ! ldconfig -p 2>/dev/null | grep 'libturbojpeg\.so\.0' >/dev/null; then
  bash tools/install-deps.sh
fi
dotnet build "$project" -c Release -nologo -v quiet
bench() { dotnet run -c Release --no-build --project "$project" -- "$@"; }

if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  bench --help
  exit 0
fi

if [ $# -gt 0 ]; then
  selected=("$1")
  shift
else
  selected=("${benchmarks[@]}")
fi

mkdir -p "$data"
bench make-slides --data "$data"

for name in "${selected[@]}"; do
  case "$name" in
    read-preprocess)
      if ! /usr/bin/python3 -c 'import openslide, torch, torchvision' 2>/dev/null; then
        echo "read-preprocess compares with tools/bench_python_reader.py, which needs: apt-get install -y python3-openslide python3-torch python3-torchvision libopenblas0-pthread" >&2
        exit 1
      fi
      ;;
    embed-vs-encoder|embed-memory)
      if [ ! -f "$data/vit-b16.onnx" ]; then
        echo "exporting the ViT-B/16 benchmark model (random weights) to $data/vit-b16.onnx ..." >&2
        /usr/bin/python3 tools/export_onnx.py --model custom --random-weights --seed 0 --out "$data/vit-b16.onnx" >&2
      fi
      ;;
    longnet)
      read -r -a shapes <<< "$(bench matmul-shapes)"
      for shape in "${shapes[@]}"; do
        if [ ! -f "$data/matmul-$shape.onnx" ]; then
          /usr/bin/python3 tools/make_matmul_onnx.py --out-dir "$data" "$shape" >&2
        fi
      done
      ;;
  esac
  echo "== $name  ($(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), load $(cut -d' ' -f1-3 /proc/loadavg))"
  bench "$name" --data "$data" "$@" | tee "$data/last-$name.txt"
  grep '^{' "$data/last-$name.txt" >> "$data/results.jsonl"
done
