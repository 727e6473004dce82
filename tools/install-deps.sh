#!/usr/bin/env bash
# Installs the system packages SlideEmbed needs on Debian/Ubuntu, only those missing.
#   runtime: libopenslide0 (the slide reader), libturbojpeg0 (direct decoding of JPEG-tiled TIFF/SVS levels)
#   tests:   nodejs and npm (the independent Arrow readers in tools/js), and Debian's python3-torch,
#            python3-torchvision, python3-onnx and libopenblas0-pthread (the export conformance run,
#            tools/conformance_export.py; without the pthread OpenBLAS torch is unusably slow), and
#            python3-opencv (GrandQC's JPEG step in tools/conformance_segmenter.py and
#            tools/make_jpeg_goldens.py), with --tests
# Usage: tools/install-deps.sh [--tests]  (as root or with sudo available)
set -euo pipefail

need=()
ldconfig -p 2>/dev/null | grep 'libopenslide\.so' >/dev/null || need+=(libopenslide0)
ldconfig -p 2>/dev/null | grep 'libturbojpeg\.so\.0' >/dev/null || need+=(libturbojpeg0)
if [ "${1:-}" = "--tests" ]; then
  command -v node >/dev/null 2>&1 || need+=(nodejs)
  command -v npm >/dev/null 2>&1 || need+=(npm)
  for pkg in python3-torch python3-torchvision python3-onnx python3-opencv libopenblas0-pthread; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "SlideEmbed needs: ${need[*]}. Install them as root: apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

echo "Installing ${need[*]} ..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq "${need[@]}" >/dev/null
