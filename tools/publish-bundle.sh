#!/usr/bin/env bash
# Publishes slideembed self-contained for linux-x64 into one folder that runs on a machine without the .NET SDK
# or network: the program, ONNX Runtime with its CUDA and TensorRT providers, and in lib/ this machine's
# OpenSlide and libjpeg-turbo with the libraries they load (glibc and libstdc++ excepted: the target's own are used).
# Run the result as <folder>/slideembed-run, which puts lib/ on LD_LIBRARY_PATH.
# Usage: tools/publish-bundle.sh [OUT_FOLDER]      (default artifacts/slideembed-linux-x64)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/slideembed-linux-x64}"

if ! ldconfig -p 2>/dev/null | grep 'libopenslide\.so' >/dev/null || ! ldconfig -p 2>/dev/null | grep 'libturbojpeg\.so\.0' >/dev/null; then
  bash tools/install-deps.sh
fi

rm -rf "$out"
dotnet publish src/SlideEmbed.Cli -c Release -r linux-x64 --self-contained -nologo -v quiet -o "$out"

mkdir -p "$out/lib"
# The loader's own libraries and the C/C++ runtimes stay the target machine's.
skip='^(linux-vdso|ld-linux|libc|libm|libdl|libpthread|librt|libresolv|libstdc\+\+|libgcc_s)\.so'
for soname in libopenslide.so.1 libopenslide.so.0 libturbojpeg.so.0; do
  # awk reads all of ldconfig's output (no early exit), so pipefail does not see a SIGPIPE.
  path="$(ldconfig -p | awk -v n="$soname" '$1 == n && p == "" { p = $NF } END { print p }')"
  [ -n "$path" ] || continue
  cp -L "$path" "$out/lib/$soname"
  ldd "$path" | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }' | while read -r name dep; do
    if ! [[ "$name" =~ $skip ]]; then
      cp -L "$dep" "$out/lib/$name"
    fi
  done
done

cat > "$out/slideembed-run" <<'RUN'
#!/usr/bin/env bash
here="$(cd "$(dirname "$0")" && pwd)"
export LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
exec "$here/slideembed" "$@"
RUN
chmod +x "$out/slideembed-run"
echo "published $(du -sh "$out" | cut -f1) to $out ($(ls "$out/lib" | wc -l) libraries in lib/); run $out/slideembed-run"
