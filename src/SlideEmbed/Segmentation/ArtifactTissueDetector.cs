using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.Tissue;

namespace SlideEmbed.Segmentation;

/// <summary>
/// Tissue detection followed by an artifact segmenter (GrandQC's artifact model): the first detector
/// finds tissue; the second pass runs the artifact segmenter on the patches its manifest's gate lets
/// through (more than <see cref="SegmenterGate.MinTissuePixels"/> tissue pixels), keeps the classes of
/// the chosen profiles (<c>pen</c>, <c>artifacts</c>) and removes every other pixel from the tissue mask.
/// Pixels the tissue mask calls background stay background. No region filter runs after the removal:
/// the remaining mask is traced as it is.
/// </summary>
public sealed class ArtifactTissueDetector : ISlideTissueDetector
{
    private readonly ITissueDetector _tissue;
    private readonly SegmentationTissueDetector _artifacts;

    /// <summary>Creates the two-pass detector.</summary>
    /// <param name="tissue">The first pass.</param>
    /// <param name="artifacts">The artifact segmenter, its manifest already narrowed to the chosen profiles (<see cref="SegmenterManifest.WithProfiles"/>).</param>
    /// <param name="profiles">The chosen profile names (provenance).</param>
    public ArtifactTissueDetector(ITissueDetector tissue, SegmentationTissueDetector artifacts, IReadOnlyCollection<string> profiles)
    {
        ArgumentNullException.ThrowIfNull(tissue);
        ArgumentNullException.ThrowIfNull(artifacts);
        ArgumentNullException.ThrowIfNull(profiles);
        _tissue = tissue;
        _artifacts = artifacts;
        var map = ParameterFormat.NewMap();
        foreach (var (k, v) in tissue.Parameters)
        {
            map[k] = v;
        }

        map["artifacts_model"] = artifacts.Name;
        map["artifacts_profiles"] = string.Join(",", profiles.Order(StringComparer.Ordinal));
        foreach (var (k, v) in artifacts.Parameters)
        {
            map["artifacts_" + k] = v;
        }

        map["artifacts_gate_min_tissue_px"] = ParameterFormat.Number(artifacts.Manifest.Gate?.MinTissuePixels ?? 0);
        Parameters = ParameterFormat.Freeze(map);
    }

    /// <summary>The first pass's name (the artifact model is in <see cref="Parameters"/>).</summary>
    public string Name => _tissue.Name;

    /// <summary>The first pass's parameters, and the artifact model's under <c>artifacts_</c> (name, profiles, manifest and ONNX digests, gate).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <inheritdoc />
    public TissueDetectionResult Detect(RgbImage image, MicronsPerPixel micronsPerPixel)
    {
        ArgumentNullException.ThrowIfNull(image);
        var tissue = _tissue.Detect(image, micronsPerPixel);
        return Remove(image, tissue, Keep(image, micronsPerPixel.Mean, tissue.Mask));
    }

    /// <inheritdoc />
    public TissueDetectionResult Detect(RgbImage image, MicronsPerPixel micronsPerPixel, SlideRegions slide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(slide);
        var tissue = _tissue is ISlideTissueDetector reader
            ? reader.Detect(image, micronsPerPixel, slide, cancellationToken)
            : _tissue.Detect(image, micronsPerPixel);
        return Remove(image, tissue, Keep(image, micronsPerPixel.Mean, tissue.Mask, slide, cancellationToken));
    }

    private TissueDetectionResult Remove(RgbImage image, TissueDetectionResult tissue, BinaryMask keep)
    {
        var mask = new BinaryMask(image.Width, image.Height);
        var removed = false;
        for (var i = 0; i < mask.Data.Length; i++)
        {
            var t = tissue.Mask.Data[i] != 0;
            mask.Data[i] = t && keep.Data[i] != 0 ? (byte)1 : (byte)0;
            removed |= t && mask.Data[i] == 0;
        }

        if (!removed)
        {
            return tissue;
        }

        var hadTissue = tissue.Regions.Count > 0;
        return new TissueDetectionResult(mask, ContourTracer.Trace(mask))
        {
            ArtifactModel = _artifacts.Name,
            ArtifactsErasedAllTissue = hadTissue && !mask.Data.Any(v => v != 0),
        };
    }

    /// <summary>
    /// The artifact pass alone: per detection-image pixel, 1 where the artifact segmenter keeps the pixel
    /// (a kept class on a patch the gate let through), 0 elsewhere.
    /// </summary>
    /// <param name="image">The detection image.</param>
    /// <param name="micronsPerPixel">Its mean resolution.</param>
    /// <param name="tissue">The first pass's mask over <paramref name="image"/> (the gate).</param>
    /// <param name="slide">The slide behind the image; required when the artifact segmenter reads its patches from the slide (<c>tile.source: "slide"</c>), whose patches are then read there (only those the gate lets through).</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>The kept-pixel mask over <paramref name="image"/>.</returns>
    public BinaryMask Keep(RgbImage image, double micronsPerPixel, BinaryMask tissue, SlideRegions? slide = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(tissue);
        var m = _artifacts.Manifest;
        var fromSlide = m.TileSource == SegmenterTileSource.Slide && slide is not null;
        var (width, height) = fromSlide ? _artifacts.SlideMapSize(slide!) : ThumbnailMapSize(image, micronsPerPixel, m.Mpp);
        var gate = m.Gate;
        Func<int, int, bool>? run = gate is null ? null : (x, y) => TissuePixels(tissue, width, height, x, y, m.PatchSize, gate.MinTissuePixels) > gate.MinTissuePixels;
        var map = fromSlide
            ? _artifacts.SegmentSlide(slide!, keepMargin: false, runPatch: run, cancellationToken: cancellationToken)
            : _artifacts.Segment(image, micronsPerPixel, keepMargin: false, runPatch: run);
        return map.ForegroundAt(image.Width, image.Height);
    }

    private static (int Width, int Height) ThumbnailMapSize(RgbImage image, double micronsPerPixel, double targetMpp)
    {
        var input = new SegmentationInput(image, micronsPerPixel, targetMpp);
        return (input.Width, input.Height);
    }

    // Tissue pixels of the first pass's mask inside a patch at the segmenter's resolution (nearest
    // detection pixel per segmenter pixel); stops counting once past the threshold.
    private static int TissuePixels(BinaryMask tissue, int width, int height, int px, int py, int size, int threshold)
    {
        var count = 0;
        for (var y = py; y < Math.Min(height, py + size); y++)
        {
            var ty = Math.Min(tissue.Height - 1, (int)((y + 0.5) * tissue.Height / height));
            for (var x = px; x < Math.Min(width, px + size); x++)
            {
                var tx = Math.Min(tissue.Width - 1, (int)((x + 0.5) * tissue.Width / width));
                if (tissue.Data[(ty * tissue.Width) + tx] != 0 && ++count > threshold)
                {
                    return count;
                }
            }
        }

        return count;
    }
}
