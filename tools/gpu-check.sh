#!/usr/bin/env bash
# The GPU check: on a machine with one NVIDIA GPU, in a few minutes, it
#   1. finds the CUDA 13 / cuDNN 9 (/ TensorRT 10) libraries, on the loader's path or in pip's nvidia/*/lib folders;
#   2. builds and publishes slideembed (tools/publish-bundle.sh), or uses SLIDEEMBED_BIN=/path/to/slideembed;
#   3. runs `slideembed devices`;
#   4. exports a ViT-B/16 with random weights (tools/export_onnx.py) and writes the synthetic gigapixel slide (slideembed synth);
#   5. embeds the same CPU_TILES tiles (default 256) on cpu and cuda:0 and compares (fp32: max abs <= 1e-3), and on
#      tensorrt:0 with fp16 (cosine >= 0.999 per tile) when TensorRT loads;
#   6. embeds the whole slide on cuda:0 (plain run and I/O binding) and tensorrt:0 fp16 at batch 64 and 256 and
#      prints tiles/s (tiles over the slide's seconds, tissue detection included), plus the encoder's idle
#      fraction when the run report has one.
# Every step is reported, failed or not; the script exits 0. A summary goes to stdout, to $GPU_CHECK_WORK/summary.txt
# and, when OUT is set, to $OUT/gpu-check-summary.txt. Settings: SLIDEEMBED_BIN, GPU_CHECK_WORK (default
# /tmp/slideembed-gpu-check), CPU_TILES, PYTHON (a python3 with torch and onnx).
set -u
cd "$(dirname "$0")/.." || exit 0
work="${GPU_CHECK_WORK:-/tmp/slideembed-gpu-check}"
mkdir -p "$work"
summary="$work/summary.txt"
: > "$summary"
cpu_tiles="${CPU_TILES:-256}"
t0=$SECONDS

say() { echo "$*"; echo "$*" >> "$summary"; }
# step NAME COMMAND...: runs it, prints PASS/FAIL with seconds; returns its status.
step() {
  local name="$1" t=$SECONDS rc
  shift
  echo "--- $name: $*"
  "$@"
  rc=$?
  if [ $rc -eq 0 ]; then say "PASS  $name ($((SECONDS - t)) s)"; else say "FAIL  $name (exit $rc, $((SECONDS - t)) s)"; fi
  return $rc
}
finish() {
  say "total $((SECONDS - t0)) s"
  if [ -n "${OUT:-}" ]; then mkdir -p "$OUT" && cp "$summary" "$OUT/gpu-check-summary.txt"; fi
  exit 0
}

say "slideembed GPU check, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if command -v nvidia-smi >/dev/null; then
  say "nvidia-smi: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -1)"
fi

# 1. Python (for the export) and the CUDA libraries.
py="${PYTHON:-}"
if [ -z "$py" ]; then
  for c in python3 /usr/bin/python3; do
    if "$c" -c 'import torch, onnx' 2>/dev/null; then py="$c"; break; fi
  done
fi
[ -n "$py" ] && say "python: $py, torch $("$py" -c 'import torch; print(torch.__version__)' 2>/dev/null)" || say "python: none with torch and onnx found (set PYTHON)"

if ldconfig -p 2>/dev/null | grep 'libcublasLt\.so\.13' >/dev/null && ldconfig -p 2>/dev/null | grep 'libcudnn\.so\.9' >/dev/null; then
  say "CUDA libraries: found by ldconfig"
elif [ -n "$py" ]; then
  added=()
  while read -r site; do
    for lib in "$site"/nvidia/*/lib "$site"/nvidia/*/*/lib "$site"/tensorrt_libs; do
      if [ -d "$lib" ] && ls "$lib"/*.so* >/dev/null 2>&1; then added+=("$lib"); fi
    done
  done < <("$py" -c 'import site; print("\n".join(site.getsitepackages() + [site.getusersitepackages()]))' 2>/dev/null)
  if [ ${#added[@]} -gt 0 ]; then
    LD_LIBRARY_PATH="$(IFS=:; echo "${added[*]}")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    export LD_LIBRARY_PATH
    say "CUDA libraries: not found by ldconfig; added ${#added[@]} pip folders to LD_LIBRARY_PATH: ${added[*]}"
  else
    say "CUDA libraries: neither ldconfig nor pip's nvidia/*/lib folders have them; the cuda steps will fail"
  fi
fi

# 2. The program.
if [ -n "${SLIDEEMBED_BIN:-}" ]; then
  bin="$SLIDEEMBED_BIN"
  # slideembed rejects SLIDEEMBED_* variables that are not settings.
  unset SLIDEEMBED_BIN
  say "program: $bin (SLIDEEMBED_BIN; no build)"
else
  step "build and publish" bash tools/publish-bundle.sh "$work/bundle" || finish
  bin="$work/bundle/slideembed"
fi
if [ -d "$(dirname "$bin")/lib" ]; then
  export LD_LIBRARY_PATH="$(cd "$(dirname "$bin")/lib" && pwd)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
if ! "$bin" --version >/dev/null 2>&1; then say "FAIL  program: $bin does not run"; finish; fi

# 3. Devices.
"$bin" devices > "$work/devices.txt" 2>&1
cat "$work/devices.txt"; cat "$work/devices.txt" >> "$summary"
trt_state="$(grep '^tensorrt:0: ' "$work/devices.txt" | cut -d' ' -f2-)"

# 4. Model and slide.
model="$work/vit-b16.onnx"
if [ ! -f "$model" ]; then
  step "export ViT-B/16 (random weights)" "$py" tools/export_onnx.py --model custom --random-weights --seed 0 --no-check --out "$model"
fi
manifest="$work/gpu-check-vit-b16.json"
cat > "$manifest" <<JSON
{
  "schema_version": 1, "name": "gpu-check-vit-b16", "display_name": "GPU check ViT-B/16 (random weights, not trained)",
  "source": "tools/export_onnx.py --model custom --random-weights", "licence": "Apache-2.0 (as SlideEmbed)", "citation": null,
  "trained": false, "architecture": "ViT-B/16: patch 16, D768, 12 blocks, 12 heads, GELU MLP 3072",
  "onnx": { "file": "vit-b16.onnx", "sha256": null, "input": "pixel_values", "output": "last_hidden_state", "external_data": false },
  "export": "tools/export_onnx.py --model custom --random-weights --seed 0",
  "tile": { "mpp": 0.5, "read_size": 256 },
  "preprocess": { "resize": { "size": 224, "interpolation": "bilinear", "antialias": true }, "crop": 224,
                  "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225] },
  "input_size": 224, "output": { "recipe": "cls", "prefix_tokens": 1, "dim": 768 }, "precision": "fp32"
}
JSON
slide="$work/gigapixel.svs"
if [ ! -f "$slide" ]; then
  step "synthetic gigapixel slide" "$bin" synth "$slide" --gigapixel
fi

# 5. Agreement on the same tiles.
embed() { # OUTNAME ARGS...
  local name="$1"
  shift
  "$bin" embed "$slide" --model "$manifest" --out "$work/$name" --force --log-format plain --slide-encoder none "$@" > "$work/$name.log" 2>&1
  local rc=$?
  tail -n 3 "$work/$name.log"
  [ $rc -eq 0 ] || say "      $(tail -n 1 "$work/$name.log")"
  return $rc
}
tiles_file() { echo "$work/$1/gpu-check-vit-b16/gigapixel.tiles.arrow"; }
step "embed cpu, $cpu_tiles tiles" embed cpu --device cpu --max-tiles "$cpu_tiles" --batch-size 32
step "embed cuda:0 fp32, $cpu_tiles tiles" embed cuda-subset --device cuda:0 --max-tiles "$cpu_tiles" --batch-size 32 \
  && step "cuda:0 fp32 vs cpu (max abs <= 1e-3)" "$bin" compare "$(tiles_file cpu)" "$(tiles_file cuda-subset)" --max-abs 1e-3 2>&1 | tee -a "$summary"
if [ "$trt_state" = "usable" ]; then
  step "embed tensorrt:0 fp16, $cpu_tiles tiles" embed trt-subset --device tensorrt:0 --trt-fp16 --max-tiles "$cpu_tiles" --batch-size 32 \
    && step "tensorrt:0 fp16 vs cpu (cosine >= 0.999 per tile)" "$bin" compare "$(tiles_file cpu)" "$(tiles_file trt-subset)" --min-cosine 0.999 2>&1 | tee -a "$summary"
else
  say "SKIP  tensorrt:0 fp16 agreement: $trt_state"
fi

# 6. Throughput on the whole slide.
rate() { # OUTNAME -> "N tiles in S s = R tiles/s [, encoder idle F]"
  local report="$work/$1/gpu-check-vit-b16/run-report.json"
  "$py" - "$report" <<'PY' 2>/dev/null || echo "no run report"
import json, sys
r = json.load(open(sys.argv[1]))
s = r["slides"][0]
line = f"{s['tiles']} tiles in {s['seconds']:.1f} s = {s['tiles'] / max(s['seconds'], 1e-9):.0f} tiles/s"
def find(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if "idle" in k and isinstance(v, (int, float)):
                return k, v
            f = find(v)
            if f: return f
    elif isinstance(o, list):
        for v in o:
            f = find(v)
            if f: return f
found = find(r)
print(line + (f", {found[0]} {found[1]:.3f}" if found else ", no idle fraction in the run report"))
PY
}
for batch in 64 256; do
  if step "cuda:0 fp32, plain run, batch $batch" embed cuda-plain-$batch --device cuda:0 --io-binding false --batch-size "$batch"; then
    say "      cuda:0 fp32 plain, batch $batch: $(rate cuda-plain-$batch)"
  fi
  if step "cuda:0 fp32, I/O binding, batch $batch" embed cuda-bound-$batch --device cuda:0 --io-binding true --batch-size "$batch"; then
    say "      cuda:0 fp32 I/O binding, batch $batch: $(rate cuda-bound-$batch)"
  fi
  if [ "$trt_state" = "usable" ]; then
    if step "tensorrt:0 fp16, batch $batch" embed trt-$batch --device tensorrt:0 --trt-fp16 --batch-size "$batch"; then
      say "      tensorrt:0 fp16, batch $batch: $(rate trt-$batch)"
    fi
  else
    say "SKIP  tensorrt:0 fp16, batch $batch: $trt_state"
  fi
  if [ $((SECONDS - t0)) -gt 420 ]; then say "STOP  7 minutes used; the remaining runs are skipped"; break; fi
done
finish
