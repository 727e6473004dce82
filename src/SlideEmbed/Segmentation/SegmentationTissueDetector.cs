using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.Tissue;

namespace SlideEmbed.Segmentation;

/// <summary>
/// Tissue detection by a deep segmenter described by a <see cref="SegmenterManifest"/>: the detection
/// image is resampled to the manifest's resolution, cut into patches (overlap, edge handling, background
/// fill), normalised, run through the network in batches, decided per pixel (class map and rule) and
/// stitched; the mask is brought back to the detection image and filtered and traced like the classic
/// detectors' masks, so the mask, QC picture and GeoJSON outputs are the same.
/// </summary>
/// <remarks>Thread-safe when the model is (ONNX Runtime sessions are).</remarks>
public sealed partial class SegmentationTissueDetector : ISlideTissueDetector
{
    private readonly ISegmentationModel _model;
    private readonly int _batchSize;
    private readonly IJpegRoundTrip? _jpeg;

    /// <summary>Creates a detector.</summary>
    /// <param name="manifest">The segmenter.</param>
    /// <param name="model">Its network.</param>
    /// <param name="modelSha256">SHA-256 of the network file (goes into provenance and the resume digest), or empty.</param>
    /// <param name="batchSize">Patches per network call, &gt;= 1.</param>
    /// <param name="jpeg">The codec of the manifest's JPEG round trip; required when <see cref="SegmenterManifest.Jpeg"/> is set, ignored otherwise.</param>
    /// <exception cref="ArgumentException">The manifest asks for a JPEG round trip and no codec is given.</exception>
    public SegmentationTissueDetector(SegmenterManifest manifest, ISegmentationModel model, string modelSha256, int batchSize = 4, IJpegRoundTrip? jpeg = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(modelSha256);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Manifest = manifest;
        _model = model;
        _batchSize = batchSize;
        if (manifest.Jpeg is not null && jpeg is null)
        {
            throw new ArgumentException($"Segmenter '{manifest.Name}' applies a JPEG round trip (preprocess.jpeg) and no JPEG codec was given.", nameof(jpeg));
        }

        _jpeg = manifest.Jpeg is null ? null : jpeg;
        var map = ParameterFormat.NewMap();
        map["manifest_sha256"] = manifest.ManifestSha256;
        map["onnx_sha256"] = modelSha256;
        map["mpp"] = ParameterFormat.Number(manifest.Mpp);
        map["patch"] = ParameterFormat.Number(manifest.PatchSize);
        map["overlap"] = ParameterFormat.Number(manifest.Overlap);
        map["rule"] = manifest.Rule.ToString();
        map["threshold"] = ParameterFormat.Number(manifest.Threshold);
        map["foreground"] = string.Join(",", manifest.Foreground);
        map["trained"] = ParameterFormat.Flag(manifest.Trained);
        if (manifest.Jpeg is { } settings)
        {
            map["jpeg"] = $"q{settings.Quality} {settings.Variant}";
        }
        Parameters = ParameterFormat.Freeze(map);
    }

    /// <summary>The segmenter's manifest.</summary>
    public SegmenterManifest Manifest { get; }

    /// <summary>The manifest's name, e.g. <c>grandqc-tissue</c>.</summary>
    public string Name => Manifest.Name;

    /// <summary>The manifest and ONNX file digests and the settings that shape the mask.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The manifest reads patches from the slide (<c>tile.source: "slide"</c>); use the overload with the slide.</exception>
    public TissueDetectionResult Detect(RgbImage image, MicronsPerPixel micronsPerPixel)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Finish(image, Segment(image, micronsPerPixel.Mean, keepMargin: false));
    }

    /// <inheritdoc />
    public TissueDetectionResult Detect(RgbImage image, MicronsPerPixel micronsPerPixel, SlideRegions slide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(slide);
        var map = Manifest.TileSource == SegmenterTileSource.Slide
            ? SegmentSlide(slide, keepMargin: false, cancellationToken: cancellationToken)
            : Segment(image, micronsPerPixel.Mean, keepMargin: false);
        return Finish(image, map);
    }

    private TissueDetectionResult Finish(RgbImage image, SegmentationMap map)
    {
        // Nearest pixel centre of the segmenter's map for each detection-image pixel.
        var mask = map.ForegroundAt(image.Width, image.Height);

        // The manifest's thresholds are in pixels of a mask ContourMaskHeight high (TRIDENT's 2000 px).
        var scale = Math.Pow((double)image.Height / Manifest.ContourMaskHeight, 2);
        var filtered = ClamRegionFilter.Apply(mask, Manifest.MinAreaPixels * scale, Manifest.MinHoleAreaPixels * scale, Manifest.MaxHoles);
        if (Manifest.MaxHoles == 0)
        {
            MaskCleanup.FillHolesSmallerThan(filtered, long.MaxValue);
        }

        return new TissueDetectionResult(filtered, ContourTracer.Trace(filtered));
    }

    /// <summary>Runs the segmenter and stitches its decisions at its own resolution (no region filter).</summary>
    /// <param name="image">The detection image.</param>
    /// <param name="micronsPerPixel">Its resolution.</param>
    /// <param name="keepMargin">Also keep the decision margin per pixel (four bytes a pixel; for checks against a reference).</param>
    /// <param name="runPatch">Given a patch's top-left corner in the segmenter's pixels, whether to run it (a gate); patches not run stay background. Null runs all.</param>
    /// <returns>The stitched map (<see cref="SegmentationMap.Margin"/> empty without <paramref name="keepMargin"/>).</returns>
    public SegmentationMap Segment(RgbImage image, double micronsPerPixel, bool keepMargin = true, Func<int, int, bool>? runPatch = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var m = Manifest;
        if (m.TileSource == SegmenterTileSource.Slide)
        {
            throw new InvalidOperationException($"Segmenter '{m.Name}' reads its patches from the slide (tile.source 'slide'); it needs the slide, not only the detection image.");
        }

        var input = new SegmentationInput(image, micronsPerPixel, m.Mpp);
        var xs = SegmentationGrid.Starts(input.Width, m.PatchSize, m.Overlap, m.Edge);
        var ys = SegmentationGrid.Starts(input.Height, m.PatchSize, m.Overlap, m.Edge);
        var patches = ys.SelectMany(y => xs.Select(x => (X: x, Y: y))).Where(p => runPatch is null || runPatch(p.X, p.Y)).ToList();
        var tileBytes = _jpeg is null ? [] : new byte[3 * m.PatchSize * m.PatchSize];
        return Run(input.Width, input.Height, patches, keepMargin, (i, destination) =>
        {
            if (_jpeg is null)
            {
                input.WritePatch(m, patches[i].X, patches[i].Y, destination);
                return;
            }

            // The whole patch, background fill included, goes through the codec, as upstream encodes its uint8 tile.
            input.WritePatchBytes(m, patches[i].X, patches[i].Y, tileBytes);
            _jpeg.RoundTrip(tileBytes, m.PatchSize, m.PatchSize, m.Jpeg!);
            SegmentationInput.Normalise(m, tileBytes, destination);
        }, CancellationToken.None);
    }

    // Runs the network over the patches batch by batch and stitches the decisions into a map; write(i, d)
    // fills d with patch i's normalised planes.
    private SegmentationMap Run(int width, int height, List<(int X, int Y)> patches, bool keepMargin, Action<int, Span<float>> write, CancellationToken cancellationToken)
    {
        var m = Manifest;
        var area = m.PatchSize * m.PatchSize;
        var foreground = new byte[width * height];
        var margin = new float[keepMargin ? foreground.Length : 0];
        Array.Fill(margin, float.PositiveInfinity);
        var tileForeground = new byte[area];
        var tileMargin = new float[area];
        for (var start = 0; start < patches.Count; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(_batchSize, patches.Count - start);
            var batch = new float[count * 3 * area];
            for (var b = 0; b < count; b++)
            {
                write(start + b, batch.AsSpan(b * 3 * area, 3 * area));
            }

            var scores = _model.Run(batch, count, m.PatchSize);
            var perPatch = m.Classes.Count * area;
            if (scores.Length != count * perPatch)
            {
                throw new InvalidOperationException($"Segmenter '{m.Name}' returned {scores.Length} values for {count} patches; expected {m.Classes.Count} classes x {m.PatchSize} x {m.PatchSize} each. Check 'classes' in {m.ManifestPath}.");
            }

            for (var b = 0; b < count; b++)
            {
                SegmentationDecision.Decide(m, scores.AsSpan(b * perPatch, perPatch), tileForeground, tileMargin);
                Stitch(patches[start + b], width, height, tileForeground, tileMargin, foreground, margin);
            }
        }

        return new SegmentationMap(width, height, MicronsPerPixel.Isotropic(m.Mpp), foreground, margin);
    }

    private void Stitch((int X, int Y) patch, int width, int height, byte[] tileForeground, float[] tileMargin, byte[] foreground, float[] margin)
    {
        var size = Manifest.PatchSize;
        var rows = Math.Min(size, height - patch.Y);
        var cols = Math.Min(size, width - patch.X);
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < cols; x++)
            {
                var t = (y * size) + x;
                var o = ((patch.Y + y) * width) + patch.X + x;
                var overwrite = Manifest.Stitch == SegmenterStitch.Overwrite;
                foreground[o] = overwrite ? tileForeground[t] : (byte)(foreground[o] | tileForeground[t]);
                if (margin.Length > 0)
                {
                    margin[o] = overwrite ? tileMargin[t] : Math.Min(margin[o], tileMargin[t]);
                }
            }
        }
    }
}
