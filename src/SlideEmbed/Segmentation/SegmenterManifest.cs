using SlideEmbed.Models;

namespace SlideEmbed.Segmentation;

/// <summary>
/// A deep tissue segmenter described by a manifest with <c>"kind": "segmenter"</c> (schema in
/// manifests/README.md): its ONNX file, the resolution and patch grid it runs at, preprocessing, the
/// class map and decision rule, stitching and the region filter. The runner
/// (<see cref="SegmentationTissueDetector"/>) has no model-specific code; everything a model needs is here.
/// </summary>
public sealed partial record SegmenterManifest : ManifestHeader
{
    /// <summary>ONNX file name, looked for beside the manifest, then in the model folders.</summary>
    public required string OnnxFile { get; init; }

    /// <summary>Expected SHA-256 of the ONNX file (lower-case hex), or null to skip the check.</summary>
    public string? OnnxSha256 { get; init; }

    /// <summary>Name of the input tensor (<c>[B, 3, H, W]</c> float32).</summary>
    public required string InputName { get; init; }

    /// <summary>Name of the output tensor (<c>[B, C, H, W]</c> float32).</summary>
    public required string OutputName { get; init; }

    /// <summary>Whether the output holds logits or probabilities.</summary>
    public required SegmenterOutputKind OutputKind { get; init; }

    /// <summary>The network needs H and W to be multiples of this (8 for DeepLabV3, 32 for the EfficientNet U-Nets).</summary>
    public required int HwMultiple { get; init; }

    /// <summary>The command that exports the ONNX file (shown when it is missing).</summary>
    public required string ExportCommand { get; init; }

    /// <summary>Resolution the network runs at, in microns per pixel.</summary>
    public required double Mpp { get; init; }

    /// <summary>Patch side in pixels at <see cref="Mpp"/>.</summary>
    public required int PatchSize { get; init; }

    /// <summary>Overlap of neighbouring patches in pixels (0 = none).</summary>
    public required int Overlap { get; init; }

    /// <summary>Edge handling of the patch grid.</summary>
    public required SegmenterEdge Edge { get; init; }

    /// <summary>
    /// Where patches come from: the detection image (default, for compatibility) or the slide
    /// (<c>tile.source: "slide"</c>, TRIDENT's per-patch read; needs <see cref="SegmenterEdge.PadBeyond"/>
    /// and no overlap, TRIDENT's grid).
    /// </summary>
    public SegmenterTileSource TileSource { get; init; } = SegmenterTileSource.Thumbnail;

    /// <summary>RGB fill of patch pixels outside the image (with <see cref="SegmenterTileSource.Slide"/>: of the level region outside the slide, before the resize).</summary>
    public required byte[] BackgroundFill { get; init; }

    /// <summary>
    /// The JPEG round trip every uint8 patch goes through before scaling and normalisation, or null for
    /// none. When set, the resampled patch is rounded to bytes first (halves to even), as the upstream
    /// models see uint8 images.
    /// </summary>
    public SegmenterJpeg? Jpeg { get; init; }

    /// <summary>Per-channel mean subtracted after scaling to [0, 1].</summary>
    public required float[] Mean { get; init; }

    /// <summary>Per-channel standard deviation divided by after the mean.</summary>
    public required float[] Std { get; init; }

    /// <summary>Class names by output index.</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>Indices of the classes that count as tissue.</summary>
    public required IReadOnlyList<int> Foreground { get; init; }

    /// <summary>The decision rule.</summary>
    public required SegmenterRule Rule { get; init; }

    /// <summary>Threshold of <see cref="SegmenterRule.ForegroundProbabilityAbove"/> (ignored by argmax).</summary>
    public required double Threshold { get; init; }

    /// <summary>How overlapping patch decisions combine.</summary>
    public required SegmenterStitch Stitch { get; init; }

    /// <summary>Height of the reference mask the area thresholds are given in (TRIDENT: 2000 px).</summary>
    public required int ContourMaskHeight { get; init; }

    /// <summary>Smallest region net area kept, in pixels of a mask <see cref="ContourMaskHeight"/> high.</summary>
    public required double MinAreaPixels { get; init; }

    /// <summary>Smallest hole kept, in pixels of a mask <see cref="ContourMaskHeight"/> high.</summary>
    public required double MinHoleAreaPixels { get; init; }

    /// <summary>Most holes kept per region (0 = holes count as tissue).</summary>
    public required int MaxHoles { get; init; }

    /// <summary>Free-text notes (speed, known limits).</summary>
    public string Notes { get; init; } = string.Empty;

    /// <summary>Full path of the manifest file, or null when parsed from text.</summary>
    public string? ManifestPath { get; init; }

    /// <summary>SHA-256 of the manifest file's bytes (lower-case hex); goes into provenance and the resume digest.</summary>
    public string ManifestSha256 { get; init; } = string.Empty;
}
