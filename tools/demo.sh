#!/usr/bin/env bash
# Quick start: installs what a fresh Debian/Ubuntu machine lacks, builds SlideEmbed, writes a
# synthetic slide with known tissue, inspects it, and embeds its tissue tiles with the bundled
# demo model (random weights: NOT trained, for demonstration only).
# Usage: tools/demo.sh [output folder, default ./demo-out]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-demo-out}"

bash tools/install-deps.sh
dotnet build src/SlideEmbed.Cli -c Release -nologo -v quiet
slideembed() { dotnet src/SlideEmbed.Cli/bin/Release/net10.0/slideembed.dll "$@"; }

mkdir -p "$out"
slideembed synth "$out/demo.svs" --width 12000 --height 9000 --slide-mpp 0.25
slideembed inspect "$out/demo.svs"
slideembed embed "$out/demo.svs" --model demo-vit --out "$out"
echo
echo "Outputs in $out/demo-vit/: demo.tiles.arrow (tile embeddings), demo.slide.arrow (slide embedding), demo.qc.png (tissue and tiles), demo.mask.png, demo.tissue.geojson, run-report.json"
