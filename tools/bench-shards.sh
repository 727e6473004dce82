#!/usr/bin/env bash
# The sharding benchmark (docs/BENCHMARKS.md, "Sharded runs"): the same slides embedded by one process
# and by N concurrent shard processes (embed --shard K/N, as the tasks of a Slurm array on one node) into
# fresh folders; reports wall time and total CPU time (user + system of all processes) of each, their
# ratios, and checks with `slideembed report` that both folders are complete.
# Creates, once, 12 synthetic slides of increasing size under $BENCH_DATA/shards (default bench-data).
# Usage: tools/bench-shards.sh [--shards N] [--model NAME|FILE.json] [--runs R] [--overlap PX] [--cpus LIST] [--single-threads T] [--share-cores auto|on|off]
#   (also: tools/bench.sh shards ...)
#   --cpus: pin every process, the single one and the shards, to these CPUs (taskset -c LIST), so both sides
#   run on the same cores and the CPU ratio shows the cost of more processes, not of more cores at once.
#   --single-threads: --threads and --readers of the single process (default 1, as each shard's).
#   --model: a bundled model's name or a manifest file (its "name" names the output folder), e.g. the
#   ViT-B/16 of the embedding benchmarks, bench-data/bench-vit-b16.json, written by `tools/bench.sh embed-vs-encoder`.
#   --share-cores: the shards' setting (default auto: on, as they run with --shard); off lets them time-slice the cores.
#   --overlap: tile overlap in pixels, to get more tiles (more work per process) from the same slides.
set -euo pipefail
cd "$(dirname "$0")/.."
shards=4; model=demo-vit; runs=1; overlap=0; cpus=""; single_threads=1; share=auto
while [ $# -gt 0 ]; do
  case "$1" in
    --shards) shards=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --overlap) overlap=$2; shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    --single-threads) single_threads=$2; shift 2 ;;
    --share-cores) share=$2; shift 2 ;;
    *) echo "usage: tools/bench-shards.sh [--shards N] [--model NAME|FILE.json] [--runs R] [--overlap PX] [--cpus LIST] [--single-threads T] [--share-cores auto|on|off]" >&2; exit 2 ;;
  esac
done
folder=$model
case "$model" in
  *.json) model=$(realpath "$model"); folder=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["name"])' "$model") ;;
esac
data="${BENCH_DATA:-bench-data}/shards"
mkdir -p "$data/slides"
dotnet build src/SlideEmbed.Cli -c Release -nologo -v quiet >/dev/null
se=(dotnet src/SlideEmbed.Cli/bin/Release/net10.0/slideembed.dll)
for i in $(seq 0 11); do
  [ -f "$data/slides/b$i.svs" ] || "${se[@]}" synth "$data/slides/b$i.svs" --width $((6000 + 600 * i)) --height $((4500 + 450 * i)) >/dev/null
done
(cd "$data/slides" && ls b*.svs) > "$data/slides/list.csv"
flags=(--model "$model" --tissue otsu --overlap "$overlap" --log-format plain)
pin=()
[ -n "$cpus" ] && pin=(taskset -c "$cpus")

# Children's user + system seconds from bash's `times` (second line: "XmY.YYYs XmY.YYYs").
cpu_of_times() { sed -n 2p | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); t += p[1] * 60 + p[2] } printf "%.2f", t }'; }

measure() { # label, then the command to time as a bash function name
  local out="$data/out-$1"
  rm -rf "$out"
  local t0 t1 cpu
  t0=$(date +%s.%N)
  cpu=$( ( "$2" "$out" >"$data/$1.log" 2>&1; times ) | cpu_of_times )
  t1=$(date +%s.%N)
  "${se[@]}" report "$out/$folder" >/dev/null || { echo "$1: the output folder is incomplete (see $data/$1.log)" >&2; exit 1; }
  echo "$(echo "$t1 - $t0" | bc -l) $cpu"
}
single() { "${pin[@]}" "${se[@]}" embed "$data/slides/list.csv" --out "$1" "${flags[@]}" --threads "$single_threads" --readers "$single_threads"; }
sharded() {
  for k in $(seq 0 $((shards - 1))); do
    "${pin[@]}" "${se[@]}" embed "$data/slides/list.csv" --out "$1" --shard "$k/$shards" "${flags[@]}" --threads 1 --readers 1 --share-cores "$share" > "$1.$k.log" 2>&1 &
  done
  wait
}

tiles=""
for r in $(seq 1 "$runs"); do
  read -r w1 c1 < <(measure single single)
  read -r wn cn < <(measure sharded sharded)
  tiles=$(grep -o '([0-9]* tiles)' "$data/single.log" | tail -n 1 | tr -dc 0-9)
  printf 'run %d%s: %d slides, %s tiles: 1 process %.1f s wall, %.1f s CPU; %d shards %.1f s wall, %.1f s CPU; wall ratio %.3f, CPU ratio %.3f (overhead %+.1f %%)\n' \
    "$r" "${cpus:+ (CPUs $cpus)}" 12 "$tiles" "$w1" "$c1" "$shards" "$wn" "$cn" "$(echo "$wn / $w1" | bc -l)" "$(echo "$cn / $c1" | bc -l)" "$(echo "($cn / $c1 - 1) * 100" | bc -l)"
  printf '{"benchmark":"shards","run":%d,"slides":12,"tiles":%s,"shards":%d,"model":"%s","overlap":%d,"cpus":"%s","single_threads":%d,"share_cores":"%s","single_wall_s":%.2f,"single_cpu_s":%.2f,"sharded_wall_s":%.2f,"sharded_cpu_s":%.2f,"cores":%d}\n' \
    "$r" "$tiles" "$shards" "$folder" "$overlap" "$cpus" "$single_threads" "$share" "$w1" "$c1" "$wn" "$cn" "$(nproc)" | tee -a "${BENCH_DATA:-bench-data}/results.jsonl"
done
