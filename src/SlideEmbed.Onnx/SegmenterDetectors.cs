using System.Security.Cryptography;
using System.Text.Json;
using SlideEmbed.Models;
using SlideEmbed.Segmentation;
using SlideEmbed.Tissue;

namespace SlideEmbed.Onnx;

/// <summary>
/// Resolves a <c>--tissue</c> value to a detector: a segmenter manifest (by name, e.g.
/// <c>grandqc-tissue</c>, or by path to a <c>.json</c>) becomes a <see cref="SegmentationTissueDetector"/>
/// over ONNX Runtime; any other value goes to <see cref="TissueDetectorFactory"/>.
/// </summary>
public static class SegmenterDetectors
{
    /// <summary>Segmenters shipped in manifests/.</summary>
    public static IReadOnlyList<string> Names { get; } = ["grandqc-tissue", "hest-tissue"];

    /// <summary>The artifact segmenter run by <c>--exclude-artifacts</c> (and <c>--exclude-pen</c> with a deep segmenter).</summary>
    public const string ArtifactsName = "grandqc-artifacts";

    /// <summary>Creates the detector a <c>--tissue</c> value names, with the artifact pass the exclusions ask for.</summary>
    /// <param name="tissue">The value: a classic method, a segmenter name, or a segmenter manifest path.</param>
    /// <param name="excludePenMarks">Remove pen ink: by colour with the classic methods, by the artifact segmenter's <c>pen</c> profile with a deep segmenter.</param>
    /// <param name="catalog">Where manifests and model files are looked for.</param>
    /// <param name="options">Execution providers and threads, as for the tile encoders.</param>
    /// <param name="warnings">Receives warnings (CPU fallback, a random-weight segmenter).</param>
    /// <param name="excludeArtifacts">Remove artifacts with the artifact segmenter's <c>artifacts</c> profile, after any method.</param>
    /// <param name="artifactSegmenter">The artifact segmenter: a name or a manifest path (default <see cref="ArtifactsName"/>).</param>
    /// <param name="jpeg">Creates the codec of a manifest's JPEG round trip (<c>preprocess.jpeg</c>); called only for such a manifest.</param>
    /// <returns>The detector.</returns>
    /// <exception cref="ArgumentException">Unknown method.</exception>
    /// <exception cref="ModelManifestException">A segmenter manifest or ONNX file is missing or wrong; the message names it and the fix.</exception>
    public static ITissueDetector Create(string tissue, bool excludePenMarks, ModelCatalog catalog, OnnxEncoderOptions options, Action<string> warnings, bool excludeArtifacts = false, string artifactSegmenter = ArtifactsName, Func<IJpegRoundTrip>? jpeg = null)
    {
        ArgumentNullException.ThrowIfNull(tissue);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(warnings);
        var manifestPath = ManifestPath(tissue.Trim(), catalog);
        var first = manifestPath is null
            ? TissueDetectorFactory.Create(tissue, excludePenMarks)
            : Open(SegmenterManifest.Load(manifestPath), catalog, options, warnings, jpeg);
        var profiles = new List<string>();
        if (excludeArtifacts)
        {
            profiles.Add("artifacts");
        }

        if (excludePenMarks && manifestPath is not null)
        {
            profiles.Add("pen");
        }

        if (profiles.Count == 0)
        {
            return first;
        }

        ArgumentNullException.ThrowIfNull(artifactSegmenter);
        var artifactsPath = ManifestPath(artifactSegmenter.Trim(), catalog)
            ?? throw new ModelManifestException($"The artifact segmenter '{artifactSegmenter}' (needed by --exclude-artifacts, and by --exclude-pen with a deep segmenter) has no segmenter manifest in the manifest folders; restore manifests/{ArtifactsName}.json or pass --artifact-segmenter FILE.json.");
        var artifacts = SegmenterManifest.Load(artifactsPath);
        if (artifacts.Gate is null)
        {
            throw new ModelManifestException($"{artifactsPath}: the artifact segmenter needs a 'gate' (it runs on the tissue mask); see manifests/README.md.");
        }

        return new ArtifactTissueDetector(first, Open(artifacts.WithProfiles(profiles), catalog, options, warnings, jpeg), profiles);
    }

    private static SegmentationTissueDetector Open(SegmenterManifest manifest, ModelCatalog catalog, OnnxEncoderOptions options, Action<string> warnings, Func<IJpegRoundTrip>? jpeg)
    {
        if (!manifest.Trained)
        {
            warnings($"warning: segmenter '{manifest.Name}' has random weights; its mask means nothing.");
        }

        var codec = manifest.Jpeg is null ? null : JpegCodec(manifest, manifest.ManifestPath ?? manifest.Name, jpeg);
        var modelPath = LocateModelFile(manifest, catalog);
        var digest = FileSha256(modelPath);
        if (manifest.OnnxSha256 is { } expected && !string.Equals(expected, digest, StringComparison.Ordinal))
        {
            throw new ModelManifestException($"The segmenter file '{modelPath}' has SHA-256 {digest}, but {manifest.ManifestPath} expects {expected}; export it again with: {manifest.ExportCommand}");
        }

        var model = OnnxSegmentationModel.Create(modelPath, manifest, options, warnings);
        return new SegmentationTissueDetector(manifest, model, digest, jpeg: codec);
    }

    /// <summary>The segmenter manifest a <c>--tissue</c> value names, or null when it names a classic method.</summary>
    /// <param name="tissue">The value.</param>
    /// <param name="catalog">Where manifests are looked for.</param>
    /// <returns>The manifest path, or null.</returns>
    /// <exception cref="ModelManifestException">A <c>.json</c> path that does not exist.</exception>
    public static string? ManifestPath(string tissue, ModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(tissue);
        ArgumentNullException.ThrowIfNull(catalog);
        if (tissue.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return File.Exists(tissue)
                ? tissue
                : throw new ModelManifestException($"The segmenter manifest '{tissue}' does not exist; pass an existing file, or a segmenter name ({string.Join(", ", Names)}).");
        }

        if (tissue.Contains(':', StringComparison.Ordinal) || tissue.Contains('/', StringComparison.Ordinal) || TissueDetectorFactory.Names.Contains(tissue.ToLowerInvariant()))
        {
            return null;
        }

        return catalog.FindManifestPath(tissue) is { } path && IsSegmenter(path) ? path : null;
    }

    private static bool IsSegmenter(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("kind", out var kind)
                && kind.ValueKind == JsonValueKind.String
                && kind.GetString() == SegmenterManifest.Kind;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static IJpegRoundTrip JpegCodec(SegmenterManifest manifest, string manifestPath, Func<IJpegRoundTrip>? jpeg)
    {
        var what = $"Segmenter '{manifest.Name}' ({manifestPath}) passes each patch through a JPEG round trip (preprocess.jpeg)";
        if (jpeg is null)
        {
            throw new ModelManifestException($"{what}, and this program has no JPEG codec; run it from the slideembed command line or worker.");
        }

        try
        {
            return jpeg();
        }
        catch (DllNotFoundException e)
        {
            throw new ModelManifestException($"{what}, but {e.Message}", e);
        }
    }

    private static string LocateModelFile(SegmenterManifest manifest, ModelCatalog catalog)
    {
        var dirs = new List<string>();
        if (manifest.ManifestPath is { } mp)
        {
            dirs.Add(Path.GetDirectoryName(mp)!);
        }

        dirs.AddRange(catalog.ModelDirectories);
        var candidates = dirs.Select(d => Path.GetFullPath(Path.Combine(d, manifest.OnnxFile))).Distinct(StringComparer.Ordinal).ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new ModelManifestException($"The ONNX file '{manifest.OnnxFile}' of segmenter '{manifest.Name}' was not found in {string.Join(", ", candidates.Select(Path.GetDirectoryName))}. Export it with: {manifest.ExportCommand}");
    }

    private static string FileSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
